// POST /api/me/channel — the member's notification channel (Me tab 通知方式):
// body {channel: webpush|wecom|email, wecom_userid?, email?}. 200 the stored choice; 400 with
// zh/en per field (a WeCom userid for 企业微信, an e-mail for 邮件); 401/403 as every member route.
import { NextResponse } from 'next/server';
import { saveMyChannel } from '@/lib/db/queries/channels.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { ChannelInput } from '@/lib/validation/channel.ts';

export const POST = memberRoute(
  { body: ChannelInput, maxBytes: 1024, name: 'POST /api/me/channel', fields: 'channel' },
  async ({ claims, body }) => NextResponse.json(await withRls(claims, (tx) => saveMyChannel(tx, body)), { headers: { 'cache-control': 'no-store' } }),
);
