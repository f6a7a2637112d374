// Satisfaction surveys in the database: invitations under RLS (only the hash stored, the org's
// lifetime), the anonymous answer through submit_survey (ranges, length, single use — also
// under concurrent submits —, expired / made-up / malformed tokens), what anon may do at all
// (every table and function from the catalog, so a new one is covered), the persistent rate
// limit the public route uses, and the team view's figures. All as the app runs it: withRls on
// the app's login role.
import { randomBytes, randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createSurvey,
  hashSurveyToken,
  newSurveyToken,
  recordSurveyAttempt,
  submitSurvey,
  surveyAttemptAllowed,
  surveyLink,
  surveyStats,
} from '../../lib/db/queries/surveys.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { SURVEY_LIMITS, SurveyAnswer } from '../../lib/validation/survey.ts';
import { surveyLocale } from '../../app/s/[token]/_lib/public.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 6 });
  w = await buildWorld(admin, 'surveys');
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const asRep = <T>(fn: Parameters<typeof withRls<T>>[1], who: keyof World['ids'] = 'repA') => withRls(claimsFor(w.ids[who]), fn, app);
const asAnon = <T>(fn: Parameters<typeof withRls<T>>[1]) => withRls(null, fn, app);

async function invite(customer = w.custA, who: keyof World['ids'] = 'repA') {
  const { token, hash } = newSurveyToken();
  const row = await asRep((tx) => createSurvey(tx, { customerId: customer, tokenHash: hash }), who);
  return { token, hash, id: row.id, expires_at: row.expires_at };
}

const answer = (nps: number, csat: number, comment?: string) => SurveyAnswer.parse({ nps, csat, comment });
const responses = async (surveyId: string) => (await admin`select nps, csat, comment from survey_responses where survey_id = ${surveyId}`) as unknown as { nps: number; csat: number; comment: string | null }[];

describe('invitations', () => {
  it('stores only the sha-256 of a ≥128-bit token, for 14 days by default', async () => {
    const { token, hash, id, expires_at } = await invite();
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const [row] = await admin`select token_hash, created_by, answered_at from surveys where id = ${id}`;
    expect(row!.token_hash).toBe(hash);
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.created_by).toBe(w.ids.repA);
    expect(row!.answered_at).toBeNull();
    const [{ n }] = (await admin`select count(*)::int as n from surveys where token_hash = ${token}`) as unknown as [{ n: number }];
    expect(n).toBe(0);
    expect((expires_at.getTime() - Date.now()) / 86_400_000).toBeCloseTo(14, 1);
  });

  it('follows the org setting survey_ttl_days', async () => {
    await admin`update orgs set settings = settings || '{"survey_ttl_days": 3}' where id = ${w.org1}`;
    try {
      const { expires_at } = await invite();
      expect((expires_at.getTime() - Date.now()) / 86_400_000).toBeCloseTo(3, 1);
    } finally {
      await admin`update orgs set settings = settings - 'survey_ttl_days' where id = ${w.org1}`;
    }
  });

  it("a rep cannot invite another rep's customer (RLS 42501), nor someone of another org", async () => {
    await expect(invite(w.custA, 'repB')).rejects.toMatchObject({ code: '42501' });
    await expect(invite(w.custOther, 'repA')).rejects.toMatchObject({ code: '42501' });
    // the manager of rep A's team may
    await expect(invite(w.custA, 'mgr1')).resolves.toMatchObject({ id: expect.any(String) });
  });
});

describe('submit_survey as anon', () => {
  it('stores one answer, then says "answered" for the same token; the link shows answered', async () => {
    const s = await invite();
    expect(await surveyLink(app, s.hash)).toMatchObject({ state: 'open', org_name: '测试一', customer_id: w.custA });
    expect(await asAnon((tx) => submitSurvey(tx, s.token, answer(9, 5, '  很好  ')))).toBe('ok');
    expect(await asAnon((tx) => submitSurvey(tx, s.token, answer(0, 1, '改主意了')))).toBe('answered');
    expect(await responses(s.id)).toEqual([{ nps: 9, csat: 5, comment: '很好' }]);
    expect((await surveyLink(app, s.hash)).state).toBe('answered');
  });

  it('refuses an expired token and a made-up or malformed one, storing nothing', async () => {
    // counted in this file's own orgs only: other test files (demo seeds) add answers of their own
    const ownResponses = async () => {
      const [{ n }] = (await admin`select count(*)::int as n from survey_responses where org_id in (${w.org1}, ${w.org2})`) as unknown as [{ n: number }];
      return n;
    };
    const s = await invite();
    const before = await ownResponses();
    await admin`update surveys set expires_at = now() - interval '1 minute' where id = ${s.id}`;
    expect(await asAnon((tx) => submitSurvey(tx, s.token, answer(8, 4)))).toBe('expired');
    expect((await surveyLink(app, s.hash)).state).toBe('expired');
    expect(await asAnon((tx) => submitSurvey(tx, randomBytes(18).toString('base64url'), answer(8, 4)))).toBe('invalid');
    for (const bad of ['', 'short', "x' or 1=1 --", 'a'.repeat(500), '正确的令牌一二三四五六七八九十一二三四五六七八九十']) {
      expect(await asAnon((tx) => submitSurvey(tx, bad, answer(8, 4)))).toBe('invalid');
    }
    expect(await responses(s.id)).toEqual([]);
    expect(await ownResponses()).toBe(before); // nothing stored by any of the refused submits
    expect(await surveyLink(app, hashSurveyToken('made-up-token-0000000000'))).toMatchObject({ state: 'invalid', org_name: null });
  });

  it('raises 22023 for nps 11, csat 0, a 2,001-character comment — and the link stays open', async () => {
    const s = await invite();
    const raw = (nps: number, csat: number, comment: string | null) =>
      asAnon((tx) => tx`select public.submit_survey(${s.token}, ${nps}, ${csat}, ${comment})`);
    await expect(raw(11, 3, null)).rejects.toMatchObject({ code: '22023' });
    await expect(raw(-1, 3, null)).rejects.toMatchObject({ code: '22023' });
    await expect(raw(5, 0, null)).rejects.toMatchObject({ code: '22023' });
    await expect(raw(5, 6, null)).rejects.toMatchObject({ code: '22023' });
    await expect(raw(5, 3, 'x'.repeat(2001))).rejects.toMatchObject({ code: '22023' });
    await expect(raw(5, 3, '长'.repeat(20_000))).rejects.toMatchObject({ code: '22023' });
    expect(await responses(s.id)).toEqual([]);
    expect((await surveyLink(app, s.hash)).state).toBe('open');
    // 2,000 characters is allowed; markup is stored as the text it is (the UI escapes it)
    const note = '<script>alert(1)</script>' + '好'.repeat(2000 - 25);
    expect(await asAnon((tx) => submitSurvey(tx, s.token, answer(10, 5, note)))).toBe('ok');
    expect((await responses(s.id))[0]!.comment).toBe(note);
  });

  it('the zod schema refuses what the function refuses, and cleans the comment', () => {
    expect(SurveyAnswer.safeParse({ nps: '11', csat: '3' }).success).toBe(false);
    expect(SurveyAnswer.safeParse({ nps: '7', csat: '0' }).success).toBe(false);
    expect(SurveyAnswer.safeParse({ nps: '7.5', csat: '3' }).success).toBe(false);
    expect(SurveyAnswer.safeParse({ nps: '', csat: '3' }).success).toBe(false);
    expect(SurveyAnswer.safeParse({ nps: 7, csat: 3, comment: 'x'.repeat(20_000) }).success).toBe(false);
    expect(SurveyAnswer.parse({ nps: '0', csat: '5', comment: ' a\u0000b\r\nc ' })).toEqual({ nps: 0, csat: 5, comment: 'ab\nc' });
    expect(SurveyAnswer.parse({ nps: 10, csat: 1, comment: '   ' })).toEqual({ nps: 10, csat: 1, comment: null });
  });

  it('accepts a token once even when ten submits race', async () => {
    const s = await invite();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => asAnon((tx) => submitSurvey(tx, s.token, answer(i, 3)))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'answered')).toHaveLength(9);
    expect(await responses(s.id)).toHaveLength(1);
  });
});

describe('anon can call only submit_survey', () => {
  it('select / insert / update / delete on every table (public and private, from the catalog) fails', async () => {
    const tables = await admin<{ schema: string; name: string; col: string }[]>`
      select n.nspname as schema, c.relname as name,
             (select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                and a.attidentity = '' and a.attgenerated = '' order by a.attnum limit 1) as col
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'private') and c.relkind in ('r', 'v', 'm', 'p')
      order by 1, 2`;
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['surveys', 'survey_responses', 'customers', 'survey_attempts']));
    const failures: string[] = [];
    for (const t of tables) {
      const ops = {
        select: (tx: postgres.TransactionSql) => tx`select * from ${tx(t.schema)}.${tx(t.name)} limit 1`,
        insert: (tx: postgres.TransactionSql) => tx`insert into ${tx(t.schema)}.${tx(t.name)} default values`,
        update: (tx: postgres.TransactionSql) => tx`update ${tx(t.schema)}.${tx(t.name)} set ${tx(t.col)} = ${tx(t.col)}`,
        delete: (tx: postgres.TransactionSql) => tx`delete from ${tx(t.schema)}.${tx(t.name)}`,
      };
      for (const [op, run] of Object.entries(ops)) {
        try {
          await asAnon(async (tx) => {
            await run(tx);
            throw Object.assign(new Error('allowed'), { allowed: true });
          });
        } catch (err) {
          const e = err as { code?: string; allowed?: boolean };
          // 42501 privilege / RLS; 3F000 no usage on the schema
          if (e.allowed || !['42501', '3F000'].includes(e.code ?? '')) failures.push(`${t.schema}.${t.name} ${op}: ${e.code ?? 'allowed'}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('of all functions in public and private, anon may execute submit_survey only', async () => {
    const fns = await admin<{ fn: string }[]>`
      select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and has_function_privilege('anon', p.oid, 'execute')
        and has_schema_privilege('anon', n.oid, 'usage')`;
    expect(fns.map((f) => f.fn)).toEqual(['submit_survey(text,integer,integer,text)']);
    const [def] = await admin`select prosecdef, proconfig from pg_proc where proname = 'submit_survey'`;
    expect(def!.prosecdef).toBe(true);
    expect(def!.proconfig).toEqual(['search_path=""']);
  });

  it('signed-in users cannot call it or the private survey functions; the app login role can use the private ones', async () => {
    await expect(asRep((tx) => submitSurvey(tx, 'x'.repeat(24), answer(5, 5)))).rejects.toMatchObject({ code: '42501' });
    await expect(asRep((tx) => tx`select * from private.survey_link('x')`)).rejects.toMatchObject({ code: '42501' });
    await expect(asAnon((tx) => tx`select private.survey_record_attempt('1.2.3.4', 'x', 'invalid')`)).rejects.toMatchObject({ code: expect.stringMatching(/42501|3F000/) });
    await expect(surveyLink(app, 'x')).resolves.toMatchObject({ state: 'invalid' });
  });
});

describe('rate limit (persisted, as the public route uses it)', () => {
  it(`an IP guessing tokens is stopped after ${SURVEY_LIMITS.perIpFailures} failures; other IPs are not`, async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    let allowed = 0;
    for (let i = 0; i < 200; i++) {
      const token = randomBytes(18).toString('base64url');
      const hash = hashSurveyToken(token);
      if (!(await surveyAttemptAllowed(app, ip, hash, 'post'))) continue;
      allowed++;
      const status = await asAnon((tx) => submitSurvey(tx, token, answer(5, 3)));
      await recordSurveyAttempt(app, ip, hash, status);
    }
    expect(allowed).toBe(SURVEY_LIMITS.perIpFailures);
    expect(await surveyAttemptAllowed(app, '198.51.100.7', hashSurveyToken(randomUUID()), 'view')).toBe(true);
  });

  it(`one token takes at most ${SURVEY_LIMITS.perTokenPosts} posts per window`, async () => {
    const s = await invite();
    for (let i = 0; i < SURVEY_LIMITS.perTokenPosts; i++) {
      expect(await surveyAttemptAllowed(app, `192.0.2.${i}`, s.hash, 'post')).toBe(true);
      await recordSurveyAttempt(app, `192.0.2.${i}`, s.hash, 'bad_input');
    }
    expect(await surveyAttemptAllowed(app, '192.0.2.99', s.hash, 'post')).toBe(false);
    expect(await surveyAttemptAllowed(app, '192.0.2.99', s.hash, 'view')).toBe(true); // opening the page still works
  });
});

describe('team view figures', () => {
  it('per owner and per relationship type, within what the caller may see; open links are pending, not sent', async () => {
    const fresh = await buildWorld(admin, 'survey-stats');
    const mk = async (customer: string, nps?: number, csat?: number) => {
      const { token, hash } = newSurveyToken();
      const [row] = await admin<{ id: string }[]>`
        insert into surveys (org_id, customer_id, token_hash) values (${fresh.org1}, ${customer}, ${hash}) returning id`;
      if (nps !== undefined) expect(await asAnon((tx) => submitSurvey(tx, token, answer(nps, csat!)))).toBe('ok');
      return row!.id;
    };
    const expire = (id: string) => admin`update surveys set expires_at = now() - interval '1 minute' where id = ${id}`;
    await admin`delete from surveys where org_id = ${fresh.org1}`; // the fixture's own answered one
    await expire(await mk(fresh.custA, 10, 5)); // answered, then its time ran out: still answered
    await mk(fresh.custA, 6, 3); // answered
    await mk(fresh.custA); // open: pending
    await expire(await mk(fresh.custA)); // expired unanswered: sent, not answered
    await mk(fresh.custB); // open: pending
    await mk(fresh.custC, 9, 4); // the other team's
    const since = new Date(Date.now() - 90 * 86_400_000);
    const mgr1 = await withRls(claimsFor(fresh.ids.mgr1), (tx) => surveyStats(tx, since), app);
    // 甲: sent = 2 answered + 1 expired = 3, rate 2/3; the open one waits. 乙: only an open link → 0 sent, 1 pending.
    // NPS = promoters % − detractors %: one 10 and one 6 → 50 − 50 = 0 (the old average would say 8)
    expect(mgr1.byRep).toEqual([
      { key: fresh.ids.repA, name: '甲', sent: 3, answered: 2, pending: 1, nps: 0, avg_csat: 4 },
      { key: fresh.ids.repB, name: '乙', sent: 0, answered: 0, pending: 1, nps: null, avg_csat: null },
    ]);
    // custA has a loyal profile in the fixture; custB none yet
    expect(mgr1.byType).toEqual([
      { key: 'loyal', name: null, sent: 3, answered: 2, pending: 1, nps: 0, avg_csat: 4 },
      { key: null, name: null, sent: 0, answered: 0, pending: 1, nps: null, avg_csat: null },
    ]);
    // the same rule as the engine's surveys_sent / surveys_answered for custA (answered + expired)
    const [f] = await admin<{ surveys_sent: number; surveys_answered: number }[]>`
      select (f.features ->> 'surveys_sent')::int as surveys_sent, (f.features ->> 'surveys_answered')::int as surveys_answered
      from public.customer_features(${fresh.org1}, array[${fresh.custA}]::uuid[], now()) f`;
    expect(f).toEqual({ surveys_sent: 3, surveys_answered: 2 });
    const adm = await withRls(claimsFor(fresh.ids.admin), (tx) => surveyStats(tx, since), app);
    expect(adm.byRep.map((r) => [r.name, r.sent, r.pending]).sort()).toEqual([['丙', 1, 0], ['乙', 0, 1], ['甲', 3, 1]].sort());
    const other = await withRls(claimsFor(fresh.ids.other), (tx) => surveyStats(tx, since), app);
    expect(other.byRep).toEqual([]);
  });
});

describe('the public page language', () => {
  const h = (v: string | null) => ({ get: (name: string) => (name === 'accept-language' ? v : null) });
  it('is zh-CN unless the browser prefers English; the app cookie wins', () => {
    expect(surveyLocale(h(null))).toBe('zh-CN');
    expect(surveyLocale(h('zh-CN,zh;q=0.9,en;q=0.8'))).toBe('zh-CN'); // WeChat
    expect(surveyLocale(h('en-US,en;q=0.9'))).toBe('en');
    expect(surveyLocale(h('fr-FR,en;q=0.5,zh-TW;q=0.4'))).toBe('en');
    expect(surveyLocale(h('de-DE,zh-Hant;q=0.7,en;q=0.3'))).toBe('zh-CN');
    expect(surveyLocale(h('fr'))).toBe('zh-CN');
    expect(surveyLocale(h('en;q=0'))).toBe('zh-CN');
    expect(surveyLocale(h('en-GB'), 'zh-CN')).toBe('zh-CN');
    expect(surveyLocale(h('zh-CN'), 'en')).toBe('en');
    expect(surveyLocale(h('zh-CN'), 'xx')).toBe('zh-CN');
  });
});
