// Runs supabase/functions/_shared/wecom.ts under real Deno for tests/functions/wecom.test.ts:
// one send per run, the token cached in a file between runs (as the function caches it per org).
// argv: tokenFile touser title; env: WECOM_BASE, WECOM_CORPID, WECOM_SECRET, WECOM_AGENTID.
import { createWecom, type CachedToken } from '../../supabase/functions/_shared/wecom.ts';

declare const Deno: {
  args: string[];
  env: { get(k: string): string | undefined };
  readTextFile(p: string): Promise<string>;
  writeTextFile(p: string, s: string): Promise<void>;
};

const [tokenFile, touser, title] = Deno.args as [string, string, string];
const env = (k: string) => Deno.env.get(k) ?? '';
const store = {
  get: async (): Promise<CachedToken | null> => {
    try {
      return JSON.parse(await Deno.readTextFile(tokenFile)) as CachedToken;
    } catch {
      return null;
    }
  },
  set: (t: CachedToken) => Deno.writeTextFile(tokenFile, JSON.stringify(t)),
};
const wecom = createWecom({ baseUrl: env('WECOM_BASE'), corpid: env('WECOM_CORPID'), secret: env('WECOM_SECRET'), agentid: Number(env('WECOM_AGENTID')) }, store);
const result = await wecom.sendTextcard(touser, {
  title,
  description: '<div class="gray">逾期 2 天</div><div class="normal">约定跟进：带样品上门</div>',
  url: 'https://crm.example.cn/customers/6f1c2b0e-0000-4000-8000-000000000001',
  btntxt: '查看客户',
});
console.log(JSON.stringify(result));
