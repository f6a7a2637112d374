// POST /api/me/channel/test — "发送测试消息": the channel-test edge function sends one message to
// the signed-in member on their chosen channel (the WeCom secret never leaves the server).
// 200 {ok, channel, error?}; 409 when the channel is Web Push (the device cell tests that).
import { NextResponse } from 'next/server';
import { invokeChannelTest } from '@/lib/functions/invoke.ts';
import { problem } from '@/lib/http/problem.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { DoneInput } from '@/lib/validation/reminder.ts';

export const POST = memberRoute({ body: DoneInput, maxBytes: 256, name: 'POST /api/me/channel/test' }, async ({ claims, member }) => {
  const out = await invokeChannelTest({ org_id: member.org_id, user_id: claims.sub });
  if ('status' in out)
    return problem(out.status === 409 ? 409 : 502, 'channel_test', { zh: '测试消息没有发出', en: 'The test message was not sent' });
  return NextResponse.json(out, { headers: { 'cache-control': 'no-store' } });
});
