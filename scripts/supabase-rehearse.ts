// npm run supabase:rehearse — README "Deploy to Supabase", step by step, against a
// Supabase-faithful PostgreSQL 17 (tests/helpers/supabase-faithful.ts) instead of a hosted
// project: push the migrations as `supabase db push` does, give crystal_app its password and
// connect as it, bootstrap the first org and admin, seed demo data in GoTrue's shape, start the
// edge functions under Deno with the env names Supabase gives them (SUPABASE_SECRET_KEYS as a
// JSON map, no legacy key), run one recompute through them with the one secret key, and send one
// push to a local https receiver. Each step prints what it checked; any failure exits non-zero.
// What a hosted project alone can prove is listed at the end of that README section.
import { randomUUID, webcrypto } from 'node:crypto';
import postgres from 'postgres';
import { bootstrap, parseBootstrapInput } from '../lib/admin/bootstrap.ts';
import { hasGoTrueSchema } from '../lib/auth/auth-users.ts';
import { dbPush } from '../lib/db/db-push.ts';
import { APP_LOGIN_ROLE } from '../lib/db/migrate.ts';
import { withRls } from '../lib/db/with-rls.ts';
import { seedDemoOrg } from '../lib/demo/generate.ts';
import { invokeRecompute } from '../lib/functions/invoke.ts';
import { makeDevice, openPush, startPushReceiver } from '../tests/helpers/push-receiver.ts';
import { buildSupabaseFaithful } from '../tests/helpers/supabase-faithful.ts';
import { startFunctions, stopChild } from './lib/stack.ts';

const step = (n: string, what: string) => console.log(`\n[step ${n}] ${what}`);
const ok = (what: string) => console.log(`  ✓ ${what}`);
function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`rehearsal failed: ${what}`);
  ok(what);
}

const t0 = performance.now();
console.log('Building a Supabase-faithful PostgreSQL 17 (Supabase init scripts, platform migrations, GoTrue migrations) …');
const db = await buildSupabaseFaithful({ password: randomUUID() });
const owner = postgres(db.postgresUrl, { onnotice: () => {}, max: 2 });
let fn: Awaited<ReturnType<typeof startFunctions>> | undefined;
const receiver = await startPushReceiver();
try {
  step('1', 'supabase db push (as postgres, one transaction per file, statements split like the CLI)');
  const { applied } = await dbPush(owner);
  check(applied.length > 0, `${applied.length} migrations applied`);
  check((await dbPush(owner)).applied.length === 0, 'a second push applies nothing');

  step('2', `the app's login: alter role ${APP_LOGIN_ROLE} with password …; connect as it`);
  const appPassword = randomUUID();
  await owner.unsafe(`alter role ${APP_LOGIN_ROLE} with password '${appPassword}'`);
  const appUrl = new URL(db.postgresUrl);
  appUrl.username = APP_LOGIN_ROLE;
  appUrl.password = appPassword;
  const app = postgres(appUrl.toString(), { onnotice: () => {}, max: 2 });
  const alone = await app`select count(*)::int as n from public.orgs`.then(() => 'rows', (e: { code?: string }) => e.code);
  check(alone === '42501', `${APP_LOGIN_ROLE} alone (no withRls) reads nothing (42501)`);

  step('3–5', 'providers, sign-ups, Data API, secret key: dashboard settings (not reproducible here); one secret key made');
  const secret = `sb_secret_${Buffer.from(webcrypto.getRandomValues(new Uint8Array(24))).toString('base64url')}`;
  ok('secret key for app, Vault and functions');

  step('8', 'npm run crm -- bootstrap (SQL path; the Admin API path needs GoTrue) and npm run seed -- --target supabase');
  check(await hasGoTrueSchema(owner), "auth schema is GoTrue's: users are written in its shape");
  const phone = '13512345678';
  const boot = await bootstrap(owner, parseBootstrapInput({ org: 'rehearsal', name: '彩排公司', admin: phone }), { provider: 'local' });
  check(boot.orgCreated && boot.userCreated && boot.memberCreated, 'org, admin user and membership created');
  const again = await bootstrap(owner, parseBootstrapInput({ org: 'rehearsal', name: '彩排公司', admin: phone }), { provider: 'local' });
  check(!again.orgCreated && !again.userCreated && again.userId === boot.userId, 'bootstrap again: nothing new');
  const [u] = await owner`select phone, email_change, phone_change_token from auth.users where id = ${boot.userId}`;
  check(u!.phone === `86${phone}` && u!.email_change === '' && u!.phone_change_token === '', 'admin in GoTrue shape (86 phone, no NULL change columns)');
  const seeded = await seedDemoOrg(owner, { slug: 'rehearsal-demo', customers: 40, seed: 7 });
  check(seeded.created && seeded.logins.length === 9, `demo org seeded: ${seeded.logins.length} logins`);
  const adminClaims = { sub: boot.userId, role: 'authenticated' as const, aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600, session_id: randomUUID(), is_anonymous: false };
  const seen = await withRls(adminClaims, (tx) => tx`select slug from public.orgs`, app);
  check(seen.length === 1 && seen[0]!.slug === 'rehearsal', 'through withRls the bootstrapped admin sees exactly their org');

  step('6', 'functions under Deno with Supabase\'s env names (SUPABASE_SECRET_KEYS as a JSON map, no legacy key)');
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const vapidPublic = Buffer.from(await webcrypto.subtle.exportKey('raw', pair.publicKey)).toString('base64url');
  delete process.env.SUPABASE_SERVICE_ROLE_KEY;
  Object.assign(process.env, {
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: secret }),
    VAPID_PUBLIC_KEY: vapidPublic,
    VAPID_PRIVATE_KEY: (await webcrypto.subtle.exportKey('jwk', pair.privateKey)).d!,
    VAPID_SUBJECT: 'mailto:ops@rehearsal.test',
    DENO_CERT: receiver.certPath,
  });
  // On Supabase a function's SUPABASE_DB_URL is the project's postgres connection.
  fn = await startFunctions({ adminUrl: db.postgresUrl });
  ok(`functions host at ${fn.url}`);

  step('9', 'one recompute through recompute-tags, authorised with the secret key (as the app does)');
  process.env.FUNCTIONS_URL = `${fn.url}/functions/v1`;
  process.env.SUPABASE_SECRET_KEY = secret;
  const out = await invokeRecompute({ org_id: seeded.orgId });
  check(out.customers === 40 && out.changed > 0, `recomputed ${out.customers} customers, ${out.changed} profiles changed`);
  const [p] = await owner`select count(*)::int as n from customer_profiles where org_id = ${seeded.orgId}`;
  check(p!.n === 40, 'every customer has a profile');
  const wrong = await fetch(`${fn.url}/functions/v1/recompute-tags`, { method: 'POST', headers: { authorization: 'Bearer sb_secret_wrong' }, body: '{}' });
  check(wrong.status === 401, 'a wrong key is refused (401)');

  step('7', 'one push: send-reminders (as the every-minute schedule calls it) to a local https push receiver');
  const [rep] = await owner`select m.user_id, c.id as customer_id, c.name from members m join customers c on c.owner_id = m.user_id
                             where m.org_id = ${seeded.orgId} and m.role = 'rep' limit 1`;
  const device = makeDevice(receiver, 'rehearsal-phone');
  await owner`insert into push_subscriptions (org_id, user_id, endpoint, p256dh, auth, locale)
              values (${seeded.orgId}, ${rep!.user_id}, ${device.endpoint}, ${device.p256dh}, ${device.auth}, 'zh-CN')`;
  await owner`insert into reminders (org_id, customer_id, assignee_id, kind, due_at, reason, status, dedupe_key)
              values (${seeded.orgId}, ${rep!.customer_id}, ${rep!.user_id}, 'care', now() - interval '1 minute',
                      ${owner.json({ rule: 'playbook.care', params: {}, zh: '彩排提醒', en: 'rehearsal reminder' })}, 'open', ${'rehearsal:' + randomUUID()})`;
  const sent = await fetch(`${fn.url}/functions/v1/send-reminders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ org_id: seeded.orgId }),
  });
  check(sent.status === 200, 'send-reminders answered 200');
  const got = receiver.requests.filter((r) => r.path === device.path);
  check(got.length >= 1, `the push service received ${got.length} push(es) for the device`);
  // The demo org has due reminders of its own (the recompute's playbook): find ours among them.
  const opened = await Promise.all(got.map((r) => openPush(r, device, vapidPublic)));
  check(opened.every((o) => o.claims.aud === receiver.origin), `every push's VAPID signature verified (${opened.length})`);
  check(opened.some((o) => JSON.stringify(o.payload).includes('彩排提醒')), 'payloads decrypted; ours is among them: 彩排提醒');
  await app.end();
  console.log(`\nRehearsal passed in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  console.log('Not covered here (hosted project only): GoTrue sign-in and Admin API, dashboard settings (steps 3–5), Supavisor, pg_cron/pg_net/Vault, supautils.');
} finally {
  await stopChild(fn?.child);
  await receiver.close();
  await owner.end();
  await db.stop();
}
