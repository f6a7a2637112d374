// POST /functions/v1/channel-test — the Me tab's "发送测试消息": one message to a member on the
// channel they chose, now, so they can see it reaches their phone. body: { org_id, user_id };
// service key only (the web app calls it for the verified member, lib/functions/invoke.ts).
// Answers { ok, channel, error? } — WeCom's own refusal (e.g. 81013, userid not in the app) as
// the error text; 409 when the member chose Web Push (the device itself shows that test).
import { z } from 'npm:zod@^4.6.7';
import { db, json, problem, serviceJson } from '../_shared/http.ts';
import { createWecom } from '../_shared/wecom.ts';
import { wecomTokenStore } from '../_shared/channels.ts';

const Body = z.strictObject({ org_id: z.uuid(), user_id: z.uuid() });

Deno.serve(async (req) => {
  const input = await serviceJson(req);
  if (input instanceof Response) return input;
  const body = Body.safeParse(input.raw);
  if (!body.success) return problem(400, 'invalid_body', '请求参数有误', 'invalid request body');
  const sql = db();
  const [mc] = await sql<{ channel: string; wecom_userid: string | null }[]>`
    select channel, wecom_userid from public.member_channels where org_id = ${body.data.org_id} and user_id = ${body.data.user_id}`;
  if (!mc || mc.channel === 'webpush') return problem(409, 'webpush', '当前通知方式是浏览器推送', 'the channel is Web Push');
  if (mc.channel !== 'wecom' || !mc.wecom_userid) return problem(409, 'unsupported', '这种通知方式暂不支持测试', 'no test for this channel yet');
  const [app] = await sql<{ corpid: string; agentid: number; secret: string; base_url: string }[]>`
    select corpid, agentid, secret, base_url from private.wecom_apps where org_id = ${body.data.org_id}`;
  if (!app) return json(200, { ok: false, channel: 'wecom', error: 'no_app' });
  const wecom = createWecom({ baseUrl: app.base_url, corpid: app.corpid, secret: app.secret, agentid: app.agentid }, wecomTokenStore(sql, body.data.org_id));
  const appUrl = (Deno.env.get('CRYSTAL_APP_URL') ?? 'http://localhost:3000').replace(/\/+$/, '');
  const r = await wecom.sendTextcard(mc.wecom_userid, {
    title: '水晶球测试消息',
    description: '收到这条消息，说明提醒能通过企业微信送到你的手机。',
    url: `${appUrl}/reminders`,
    btntxt: '打开提醒',
  });
  return json(200, r.ok ? { ok: true, channel: 'wecom' } : { ok: false, channel: 'wecom', error: r.error });
});
