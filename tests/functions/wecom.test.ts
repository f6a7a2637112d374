// 企业微信 app messages (supabase/functions/_shared/wecom.ts) under real Deno against a local https
// receiver that answers and checks requests as WeCom documents them (tests/helpers/wecom-receiver.ts):
// the gettoken query, the message/send JSON (textcard, numeric agentid, length limits), the token
// cached until expires_in, 40014/42001 → a new token and one retry, other errcodes recorded with
// whether to retry. Each run is a fresh Deno process; the token survives in a file, as per org.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWecomReceiver } from '../helpers/wecom-receiver.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const CORP = { corpid: 'ww0123456789abcdef', secret: 'app-secret-only-on-the-server', agentid: 1000002 };
let receiver: Awaited<ReturnType<typeof startWecomReceiver>>;
let dir: string;

async function send(tokenFile: string, touser: string, title = '提醒：张三', secret = CORP.secret) {
  const { stdout } = await run(
    path.join(ROOT, 'node_modules', '.bin', 'deno'),
    ['run', '--quiet', '--allow-net=127.0.0.1', `--allow-read=${dir}`, `--allow-write=${dir}`, '--allow-env', path.join(ROOT, 'tests/functions/wecom-driver.ts'), tokenFile, touser, title],
    {
      env: {
        ...process.env,
        DENO_CERT: receiver.certPath,
        WECOM_BASE: receiver.origin,
        WECOM_CORPID: CORP.corpid,
        WECOM_SECRET: secret,
        WECOM_AGENTID: String(CORP.agentid),
      },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as { ok: boolean; errcode?: number | null; retryable?: boolean; error?: string };
}
const paths = () => receiver.requests.map((r) => r.path.replace('/cgi-bin/', ''));

beforeAll(async () => {
  receiver = await startWecomReceiver(CORP);
  dir = mkdtempSync(path.join(os.tmpdir(), 'crystal-wecom-token-'));
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('WeCom textcard delivery', () => {
  it('gets a token with corpid + corpsecret, sends the textcard as documented, and reuses the cached token', async () => {
    const file = path.join(dir, 'a.json');
    expect(await send(file, 'zhangsan')).toEqual({ ok: true });
    expect(paths()).toEqual(['gettoken', 'message/send']);
    const [tokenReq, sendReq] = receiver.requests;
    expect(tokenReq!.query).toEqual({ corpid: CORP.corpid, corpsecret: CORP.secret });
    expect(sendReq!.problems).toEqual([]);
    expect(sendReq!.body).toEqual({
      touser: 'zhangsan',
      msgtype: 'textcard',
      agentid: CORP.agentid,
      textcard: {
        title: '提醒：张三',
        description: '<div class="gray">逾期 2 天</div><div class="normal">约定跟进：带样品上门</div>',
        url: 'https://crm.example.cn/customers/6f1c2b0e-0000-4000-8000-000000000001',
        btntxt: '查看客户',
      },
    });
    // a second send within expires_in: no new gettoken
    expect(await send(file, 'lisi')).toEqual({ ok: true });
    expect(paths()).toEqual(['gettoken', 'message/send', 'message/send']);
    expect(receiver.requests[2]!.query.access_token).toBe(sendReq!.query.access_token);
  }, 120_000);

  it('42001 (expired) and 40014 (invalid): a new token and exactly one retry', async () => {
    const file = path.join(dir, 'a.json');
    receiver.requests.length = 0;
    receiver.expireTokens();
    expect(await send(file, 'zhangsan')).toEqual({ ok: true });
    expect(paths()).toEqual(['message/send', 'gettoken', 'message/send']);
    // a token WeCom never issued (what was tried: a stale cache from another corp) → 40014 → refresh
    receiver.requests.length = 0;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ token: 'not-a-token', expiresAt: Date.now() + 3_600_000 }));
    expect(await send(file, 'zhangsan')).toEqual({ ok: true });
    expect(paths()).toEqual(['message/send', 'gettoken', 'message/send']);
  }, 120_000);

  it('other errcodes are recorded, retried only when WeCom says it is busy; a wrong secret is not retried', async () => {
    const file = path.join(dir, 'a.json');
    receiver.scriptErrcodes(81013); // user not in the app's visible range
    expect(await send(file, 'ghost')).toMatchObject({ ok: false, errcode: 81013, retryable: false });
    receiver.scriptErrcodes(-1); // system busy
    expect(await send(file, 'zhangsan')).toMatchObject({ ok: false, errcode: -1, retryable: true });
    receiver.requests.length = 0;
    expect(await send(path.join(dir, 'b.json'), 'zhangsan', '提醒', 'wrong-secret')).toMatchObject({ ok: false, retryable: false });
    expect(paths()).toEqual(['gettoken']); // nothing sent without a token
  }, 120_000);
});
