// 企业微信 (WeCom) app messages for reminders (issue 14): Web Push does not reach most phones in
// mainland China (Chrome's push service is blocked; domestic Android browsers and WeChat's
// browser have no Push API), while every WeCom user gets an app message on their phone.
//
// As WeCom documents it (developer.work.weixin.qq.com, 获取access_token / 发送应用消息):
//   GET  {base}/cgi-bin/gettoken?corpid=ID&corpsecret=SECRET → {errcode:0, access_token, expires_in}
//   POST {base}/cgi-bin/message/send?access_token=TOKEN
//        {touser, msgtype:'textcard', agentid, textcard:{title, description, url, btntxt}}
//        → {errcode:0, errmsg:'ok', …}
// The token is cached until expires_in (less a minute) by the caller's store, shared by every
// send of the org; errcode 40014 (invalid) / 42001 (expired) → fetch a new token and retry once;
// any other errcode is the answer (recorded by the caller, which retries with backoff only what
// `retryable` says: −1 system busy, 45009 rate limit, HTTP 5xx, network).
// Plain fetch, no Deno or Node API: the edge function and tests use the same file. The base URL
// is configurable so tests point it at a local https receiver.

export type WecomConfig = { baseUrl: string; corpid: string; secret: string; agentid: number };
export type CachedToken = { token: string; expiresAt: number };
export type TokenStore = { get(): Promise<CachedToken | null>; set(t: CachedToken): Promise<void> };
export type Textcard = { title: string; description: string; url: string; btntxt?: string };
export type SendResult = { ok: true } | { ok: false; errcode: number | null; error: string; retryable: boolean };

const TOKEN_INVALID = new Set([40014, 42001]);
const RETRYABLE = new Set([-1, 45009]);
const EARLY_MS = 60_000;

export class WecomError extends Error {}

export function createWecom(config: WecomConfig, store: TokenStore, fetchFn: typeof fetch = fetch) {
  const base = config.baseUrl.replace(/\/+$/, '');

  async function fetchToken(): Promise<CachedToken> {
    const url = `${base}/cgi-bin/gettoken?corpid=${encodeURIComponent(config.corpid)}&corpsecret=${encodeURIComponent(config.secret)}`;
    const res = await fetchFn(url, { method: 'GET' });
    if (!res.ok) throw new WecomError(`gettoken HTTP ${res.status}`);
    const body = (await res.json()) as { errcode?: number; errmsg?: string; access_token?: string; expires_in?: number };
    if (body.errcode !== 0 || !body.access_token) throw new WecomError(`gettoken errcode ${body.errcode}: ${body.errmsg ?? ''}`);
    const t = { token: body.access_token, expiresAt: Date.now() + Math.max(0, (body.expires_in ?? 7200) * 1000 - EARLY_MS) };
    await store.set(t);
    return t;
  }

  async function token(force = false): Promise<string> {
    if (!force) {
      const cached = await store.get();
      if (cached && cached.expiresAt > Date.now()) return cached.token;
    }
    return (await fetchToken()).token;
  }

  async function post(accessToken: string, touser: string, card: Textcard) {
    const res = await fetchFn(`${base}/cgi-bin/message/send?access_token=${encodeURIComponent(accessToken)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        touser,
        msgtype: 'textcard',
        agentid: config.agentid,
        textcard: { title: card.title, description: card.description, url: card.url, btntxt: card.btntxt ?? '详情' },
      }),
    });
    if (!res.ok) return { http: res.status, errcode: null as number | null, errmsg: '' };
    const body = (await res.json()) as { errcode?: number; errmsg?: string };
    return { http: res.status, errcode: body.errcode ?? null, errmsg: body.errmsg ?? '' };
  }

  /** Sends one textcard to a member's WeCom userid; never throws for WeCom's own answers. */
  async function sendTextcard(touser: string, card: Textcard): Promise<SendResult> {
    try {
      let r = await post(await token(), touser, card);
      if (r.errcode !== null && TOKEN_INVALID.has(r.errcode)) r = await post(await token(true), touser, card);
      if (r.errcode === 0) return { ok: true };
      if (r.errcode === null) return { ok: false, errcode: null, error: `HTTP ${r.http}`, retryable: r.http >= 500 || r.http === 429 };
      return { ok: false, errcode: r.errcode, error: `errcode ${r.errcode}: ${r.errmsg}`, retryable: RETRYABLE.has(r.errcode) };
    } catch (err) {
      // gettoken refused (wrong secret: 40001 …) is not retryable; a network failure is
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, errcode: null, error: message, retryable: !(err instanceof WecomError) };
    }
  }

  return { token, sendTextcard };
}

/** In-memory token store (one process); the function keeps the org's token in private.wecom_tokens instead. */
export function memoryTokenStore(): TokenStore & { value: CachedToken | null } {
  const s = {
    value: null as CachedToken | null,
    get: () => Promise.resolve(s.value),
    set: (t: CachedToken) => {
      s.value = t;
      return Promise.resolve();
    },
  };
  return s;
}
