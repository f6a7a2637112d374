// npm run eval:classify [-- --seed 16] [--flip-customers 150] [--flip-step 1]
// npm run eval:classify -- --org <slug>
//
// How good is the classification, measured rather than believed (issue 16; docs/engine.md
// "Evaluation"). Default mode: a throwaway embedded Postgres, migrated from empty; one org; the
// labelled personas of tests/fixtures/personas/generate.ts imported through the CLI's own import
// (lib/import/load.ts importFiles) and classified by the real recompute
// (supabase/functions/_shared/recompute.ts, the code the recompute-tags edge function runs) at
// a fixed as_of; profiles read back from customer_profiles and compared with the labels.
// It prints — it asserts nothing: targets are judged by people reading the figures.
//
// --org <slug>: against the running local database (DATABASE_URL, or the launcher's
// .data/runtime.json, as `npm run crm` finds it) — how far the engine agrees with the
// relationship types that org's managers and owners set by hand (public.type_labels).
// --refit proposes bounded weight changes learned from them (scripts/eval/refit.ts) as a
// before/after table; --apply writes them to the org's rules after confirmation, as an admin
// (--as), recorded in public.rules_refits; --undo puts the rules of before the last one back.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes, randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { startLocalPostgres } from '../../lib/db/local-postgres.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { importFiles } from '../../lib/import/load.ts';
import { standingTypeLabels } from '../../lib/db/queries/type-labels.ts';
import { CustomerFeaturesSchema, OrgContextSchema, parseRules, safeParseRules } from '../../lib/engine/index.ts';
import { overrideWith, proposeWeights, REFIT_MIN_LABELS, type TypeLabel } from './refit.ts';
import { clearRecomputeCaches, recompute } from '../../supabase/functions/_shared/recompute.ts';
import { DEFAULT_AS_OF, DEFAULT_SEED, generatePersonas, type Label, PERSONAS, type TrueStage, type TrueType } from '../../tests/fixtures/personas/generate.ts';
import { auc, calibration, classScores, cohenKappa, confusion, flips, fmt, table } from './metrics.ts';

const TYPES: readonly TrueType[] = ['autonomous', 'dependent', 'loyal'];
const STAGES: readonly TrueStage[] = ['potential', 'wait_and_see', 'intent', 'opportunity', 'signed'];
const ZH: Record<string, string> = {
  autonomous: '自主型', dependent: '依赖型', loyal: '忠诚型', undetermined: '待判断',
  potential: '潜在', wait_and_see: '观望', intent: '意向', opportunity: '商机', signed: '签约',
};
const DAY = 86_400_000;

const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    seed: { type: 'string' },
    'flip-customers': { type: 'string' },
    'flip-step': { type: 'string' },
    refit: { type: 'boolean' },
    apply: { type: 'boolean' },
    yes: { type: 'boolean' },
    undo: { type: 'boolean' },
    as: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`usage: npm run eval:classify [-- --seed N --flip-customers N --flip-step DAYS]
       npm run eval:classify -- --org <slug>                          agreement with the org's hand-set types
       npm run eval:classify -- --org <slug> --refit                  + proposed weights (before/after), nothing written
       npm run eval:classify -- --org <slug> --refit --apply --as <admin e-mail> [--yes]
       npm run eval:classify -- --org <slug> --undo --as <admin e-mail> [--yes]`);
  process.exit(0);
}
const num = (v: string | undefined, dflt: number, what: string) => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${what} must be a whole number ≥ 0, got "${v}"`);
    process.exit(2);
  }
  return n;
};

type ProfileRow = {
  external_id: string;
  relationship_type: string;
  relationship_secondary: string | null;
  funnel_stage: string;
  churn_risk: number;
  reasons: Record<string, { rule: string; params?: Record<string, unknown> }[]>;
  confidence: number | null;
};

/**
 * How sure the profile is of its relationship type. The engine has no confidence yet (issue 16
 * item 2), so until customer_profiles has a `relationship_confidence` column this is a
 * PROVISIONAL one made from what the profile exposes: the winning type's score s₁ and the
 * runner-up's s₂ (the secondary type's score, 0 without one), as s₁ / (s₁ + s₂ + 1) — the
 * share of the evidence the winner holds, with one unit of doubt. null for 待判断 (no type shown).
 */
function provisionalConfidence(p: ProfileRow): number | null {
  if (p.relationship_type === 'undetermined') return null;
  const reasons = p.reasons?.relationship ?? [];
  const score = (rule: string) => Number(reasons.find((r) => r.rule === rule)?.params?.score ?? 0);
  const s1 = score('relationship.primary');
  const s2 = score('relationship.secondary');
  return s1 > 0 ? s1 / (s1 + s2 + 1) : null;
}

async function readProfiles(sql: Sql, orgId: string, ids?: string[]): Promise<Map<string, ProfileRow>> {
  const [col] = await sql`select 1 from information_schema.columns
    where table_schema = 'public' and table_name = 'customer_profiles' and column_name = 'relationship_confidence'`;
  const rows = await sql<ProfileRow[]>`
    select c.external_id, p.relationship_type, p.relationship_secondary, p.funnel_stage, p.churn_risk::float8 as churn_risk, p.reasons,
           ${col ? sql`p.relationship_confidence::float8` : sql`null::float8`} as confidence
      from public.customer_profiles p join public.customers c on c.id = p.customer_id
     where p.org_id = ${orgId} ${ids ? sql`and p.customer_id = any(${ids}::uuid[])` : sql``}`;
  return new Map(rows.map((r) => [r.external_id, r]));
}

function printConfusion(title: string, c: ReturnType<typeof confusion>) {
  console.log(`\n${title} (rows: truth, columns: engine)`);
  console.log(table(['', ...c.predicted.map((p) => ZH[p] ?? p)], c.labels.map((l, i) => [ZH[l] ?? l, ...c.matrix[i]!])));
}

// ---------------------------------------------------------------------------------------------

async function evaluatePersonas() {
  const seed = num(values.seed, DEFAULT_SEED, '--seed');
  const flipCustomers = num(values['flip-customers'], 150, '--flip-customers');
  const flipStep = Math.max(1, num(values['flip-step'], 1, '--flip-step'));
  const asOf = new Date(DEFAULT_AS_OF).toISOString();
  const t0 = performance.now();
  const secs = () => ((performance.now() - t0) / 1000).toFixed(1);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'crystal-eval-pg-'));
  const pg = await startLocalPostgres({ dataDir, password: randomBytes(12).toString('hex') });
  const sql = postgres(pg.url, { onnotice: () => {}, max: 6 });
  try {
    await migrate(sql);
    const owner = 'eval-rep@eval.crystal';
    const [org] = await sql<{ id: string }[]>`insert into public.orgs (slug, name, settings)
      values ('eval', '评估', ${sql.json({ timezone: 'Asia/Shanghai' })}) returning id`;
    const userId = randomUUID();
    await sql`insert into auth.users (id, email) values (${userId}, ${owner})`;
    await sql`insert into public.members (user_id, org_id, role, display_name, email) values (${userId}, ${org!.id}, 'rep', '评估', ${owner})`;

    const set = generatePersonas({ seed, owner });
    const loaded = await importFiles(sql, org!.id, set.files);
    await sql`analyze`; // planner statistics, as autovacuum would have them in a live database
    console.log(`personas: seed ${seed}, ${set.labels.length} customers, as_of ${set.asOf}; imported ${Object.entries(loaded).map(([f, n]) => `${f} ${n}`).join(', ')} (${secs()} s)`);
    const run = await recompute(sql as unknown as Parameters<typeof recompute>[0], { org_id: org!.id, as_of: asOf, full: true });
    console.log(`recompute (supabase/functions/_shared/recompute.ts): ${run.customers} customers, ${run.mode}, ${Math.round(run.ms.total ?? 0)} ms`);

    const profiles = await readProfiles(sql, org!.id);
    const rows = set.labels.map((l) => ({ l, p: profiles.get(l.external_id) }));
    const missing = rows.filter((r) => !r.p).length;
    if (missing) throw new Error(`${missing} labelled customers have no profile after the recompute`);
    const all = rows as { l: Label; p: ProfileRow }[];

    // --- relationship type
    const typed = all.filter((r) => r.l.true_type);
    const typeConf = confusion(TYPES, typed.map((r) => ({ truth: r.l.true_type!, predicted: r.p.relationship_type })));
    const types = classScores(typeConf);
    console.log(`\n== Relationship type (seed 000), ${typed.length} customers with a sale`);
    printConfusion('Confusion matrix', typeConf);
    console.log('\n' + table(['type', 'precision', 'recall', 'F1', 'n'], types.perClass.map((s) => [`${ZH[s.label]} ${s.label}`, fmt(s.precision), fmt(s.recall), fmt(s.f1), s.support])));
    const undetermined = typed.filter((r) => r.p.relationship_type === 'undetermined').length;
    console.log(`macro-F1 ${fmt(types.macroF1)}   accuracy ${fmt(types.accuracy)}   待判断 ${undetermined} (${fmt((100 * undetermined) / typed.length, 1)} %)`);
    const mixed = typed.filter((r) => r.l.true_secondary);
    const secondaryHit = mixed.filter((r) => r.p.relationship_type === r.l.true_type && r.p.relationship_secondary === r.l.true_secondary).length;
    console.log(`mixed personas: primary right ${mixed.filter((r) => r.p.relationship_type === r.l.true_type).length}/${mixed.length}, primary and secondary right ${secondaryHit}/${mixed.length}`);

    // --- funnel
    const funnelConf = confusion(STAGES, all.map((r) => ({ truth: r.l.true_stage, predicted: r.p.funnel_stage })));
    const funnel = classScores(funnelConf);
    console.log(`\n== Funnel stage (seed 002), ${all.length} customers`);
    printConfusion('Confusion matrix', funnelConf);
    console.log(`funnel accuracy ${fmt(funnel.accuracy, 3)}   macro-F1 ${fmt(funnel.macroF1)}`);

    // --- per persona
    console.log('\n== Per persona');
    console.log(table(['persona', 'n', 'type right', 'stage right', 'most common wrong type'], PERSONAS.map((persona) => {
      const mine = all.filter((r) => r.l.persona === persona.key);
      const wrong = new Map<string, number>();
      for (const r of mine) if (r.l.true_type && r.p.relationship_type !== r.l.true_type) wrong.set(r.p.relationship_type, (wrong.get(r.p.relationship_type) ?? 0) + 1);
      const top = [...wrong].sort((a, b) => b[1] - a[1])[0];
      return [
        persona.key,
        mine.length,
        persona.type ? `${mine.filter((r) => r.p.relationship_type === r.l.true_type).length}` : '—',
        `${mine.filter((r) => r.p.funnel_stage === r.l.true_stage).length}`,
        top ? `${ZH[top[0]]} ×${top[1]}` : '',
      ];
    })));

    // --- churn
    const paying = typed; // every persona with a type has bought
    const churnItems = paying.map((r) => ({ score: r.p.churn_risk, positive: r.l.churn_date !== null }));
    const recent = paying.filter((r) => r.l.churn_date === null || Date.parse(asOf) - Date.parse(`${r.l.churn_date}T00:00:00+08:00`) <= 90 * DAY);
    const values_ = new Map<number, number>();
    for (const r of paying) values_.set(r.p.churn_risk, (values_.get(r.p.churn_risk) ?? 0) + 1);
    const spikes = [...values_].sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(`\n== Churn risk (seeds 001/003/004), ${paying.length} paying customers, ${churnItems.filter((c) => c.positive).length} stopped buying on a known day`);
    console.log(`churn AUC ${fmt(auc(churnItems), 3)} (all churners)   ${fmt(auc(recent.map((r) => ({ score: r.p.churn_risk, positive: r.l.churn_date !== null }))), 3)} (churned within the last 90 days vs. still buying)`);
    console.log(`distinct churn_risk values ${values_.size}; most common: ${spikes.map(([v, n]) => `${fmt(v * 100, 1)} % ×${n}`).join(', ')}`);

    // --- calibration
    const realConfidence = all.some((r) => r.p.confidence !== null);
    const calItems = typed.flatMap((r) => {
      const c = realConfidence ? r.p.confidence : provisionalConfidence(r.p);
      return c === null || r.p.relationship_type === 'undetermined' ? [] : [{ confidence: c, correct: r.p.relationship_type === r.l.true_type }];
    });
    const cal = calibration(calItems, 10);
    console.log(`\n== Calibration of the relationship type, ${calItems.length} typed predictions (待判断 left out)`);
    console.log(realConfidence
      ? 'confidence: customer_profiles.relationship_confidence'
      : 'confidence: PROVISIONAL — the engine has none yet; s₁/(s₁+s₂+1) from the primary and secondary scores in the profile\'s reasons');
    console.log(table(['confidence', 'n', 'mean confidence', 'observed accuracy'], cal.bins.filter((b) => b.count).map((b) => [`${fmt(b.lo, 1)}–${fmt(b.hi, 1)}`, b.count, fmt(b.meanConfidence), fmt(b.accuracy)])));
    console.log(`ECE ${fmt(cal.ece, 3)}`);

    // --- stability: the same customers recomputed every `flipStep` days over the 90 days up to as_of
    const subset = typed.filter((_, i) => i % Math.max(1, Math.floor(typed.length / Math.max(1, flipCustomers))) === 0).slice(0, flipCustomers);
    if (subset.length) {
      const ids = (await sql<{ id: string; external_id: string }[]>`
        select id, external_id from public.customers where org_id = ${org!.id} and external_id = any(${subset.map((r) => r.l.external_id)})`);
      const seq = new Map<string, { type: string[]; stage: string[] }>(ids.map((r) => [r.external_id, { type: [], stage: [] }]));
      const t1 = performance.now();
      let steps = 0;
      for (let d = 90; d >= 0; d -= flipStep) {
        clearRecomputeCaches();
        await recompute(sql as unknown as Parameters<typeof recompute>[0], { org_id: org!.id, as_of: new Date(Date.parse(asOf) - d * DAY).toISOString(), customer_ids: ids.map((r) => r.id) });
        for (const [ext, p] of await readProfiles(sql, org!.id, ids.map((r) => r.id))) {
          seq.get(ext)!.type.push(p.relationship_type);
          seq.get(ext)!.stage.push(p.funnel_stage);
        }
        steps++;
      }
      const typeFlips = [...seq.values()].map((s) => flips(s.type));
      const stageFlips = [...seq.values()].map((s) => flips(s.stage));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      const span = (steps - 1) * flipStep;
      const per90 = (x: number) => (span ? (x * 90) / span : Number.NaN);
      console.log(`\n== Stability: ${seq.size} customers recomputed at ${steps} as_of steps, every ${flipStep} day(s) over ${span} days (${((performance.now() - t1) / 1000).toFixed(1)} s)`);
      console.log(`type flips per customer per 90 days ${fmt(per90(mean(typeFlips)), 3)}   (customers with ≥ 1 flip: ${typeFlips.filter((x) => x > 0).length}; most flips: ${Math.max(...typeFlips)})`);
      console.log(`stage flips per customer per 90 days ${fmt(per90(mean(stageFlips)), 3)}`);
      // the worst ones, day by day, so a flip-flop can be traced to the data that causes it
      const runs = (xs: string[]) => xs.reduce<[string, number][]>((acc, x) => (acc.at(-1)?.[0] === x ? (acc.at(-1)![1]++, acc) : [...acc, [x, 1]]), []);
      const persona = new Map(subset.map((r) => [r.l.external_id, r.l]));
      for (const [ext, sq] of [...seq].sort((a, b) => flips(b[1].type) - flips(a[1].type) || (a[0] < b[0] ? -1 : 1)).slice(0, 3).filter(([, sq]) => flips(sq.type) > 0)) {
        const l = persona.get(ext)!;
        console.log(`  ${ext} (${l.persona}, truly ${ZH[l.true_type!]}): ${runs(sq.type).map(([t, n]) => `${ZH[t] ?? t}×${n}`).join(' → ')}`);
      }
      console.log('(no persona\'s true type changes within these 90 days: type_since is ≥ 150 days back, so every type flip is the engine\'s)');
    }
    console.log(`\ndone in ${secs()} s`);
  } finally {
    await sql.end();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

async function evaluateOrg(slug: string) {
  const { openDatabase } = await import('../lib/stack.ts');
  const db = await openDatabase();
  try {
    const [org] = await db.sql<{ id: string; name: string }[]>`select id, name from public.orgs where slug = ${slug}`;
    if (!org) {
      console.error(`no org with slug "${slug}"`);
      process.exitCode = 2;
      return;
    }
    const [hasTable] = await db.sql`select to_regclass('public.type_labels') as t`;
    if (!hasTable?.t) {
      console.error('this database has no public.type_labels yet: run the migrations (npm start migrates)');
      process.exitCode = 2;
      return;
    }
    const rows = await db.sql.begin((tx) => standingTypeLabels(tx, { orgId: org.id }));
    console.log(`${org.name} (${slug}): ${rows.length} customers with a relationship type set by hand`);
    if (values.undo) {
      await undoRefit(db.sql, org);
      return;
    }
    if (!rows.length) {
      console.log('nothing to compare yet: a type is set by hand by adding the tag 自主型 / 依赖型 / 忠诚型 (or Autonomous / Dependent / Loyal) on the customer page');
      return;
    }
    const roles = new Map<string, number>();
    for (const r of rows) {
      const k = r.by_owner ? `${r.labelled_role} (owner)` : r.labelled_role;
      roles.set(k, (roles.get(k) ?? 0) + 1);
    }
    console.log(`set by: ${[...roles].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    const now = rows.map((r) => ({ truth: r.label as TrueType, predicted: r.now_type ?? 'undetermined' }));
    const c = confusion(TYPES, now);
    const s = classScores(c);
    printConfusion('Hand-set type vs. the engine now', c);
    console.log('\n' + table(['type', 'precision', 'recall', 'F1', 'n'], s.perClass.map((x) => [`${ZH[x.label]} ${x.label}`, fmt(x.precision), fmt(x.recall), fmt(x.f1), x.support])));
    console.log(`agreement now ${fmt(s.accuracy)} (${now.filter((x) => x.truth === x.predicted).length}/${now.length})   macro-F1 ${fmt(s.macroF1)}   Cohen's κ ${fmt(cohenKappa(now.map((x) => ({ a: x.truth, b: x.predicted }))))}`);
    const then = rows.filter((r) => r.engine_type !== null);
    const agreedThen = then.filter((r) => r.engine_type === r.label).length;
    console.log(`when the type was set: the engine already said so for ${agreedThen}/${then.length} (confirmations), the rest were corrections`);
    if (values.refit) await refit(db.sql, org, rows.map((r) => ({ customerId: r.customer_id, label: r.label })));
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Re-fit and undo

async function adminId(sql: Sql, orgId: string): Promise<string | null> {
  if (!values.as) {
    console.error('--as <admin e-mail> is required to change an org\'s rules');
    process.exitCode = 2;
    return null;
  }
  const [m] = await sql<{ user_id: string; role: string }[]>`
    select m.user_id, m.role::text as role from public.members m join auth.users u on u.id = m.user_id
     where m.org_id = ${orgId} and m.active and lower(coalesce(m.email, u.email)) = lower(${values.as})`;
  if (!m || m.role !== 'admin') {
    console.error(`${values.as} is not an admin of this org: only an admin changes its rules`);
    process.exitCode = 2;
    return null;
  }
  return m.user_id;
}

async function confirm(question: string): Promise<boolean> {
  if (values.yes) return true;
  if (!process.stdin.isTTY) {
    console.error('not applied: confirm with --yes (no terminal to ask on)');
    process.exitCode = 1;
    return false;
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} type "yes" to confirm: `);
  rl.close();
  if (answer.trim().toLowerCase() === 'yes') return true;
  console.log('not applied');
  return false;
}

async function refit(sql: Sql, org: { id: string; name: string }, labels: { customerId: string; label: string }[]) {
  console.log(`\n== Re-fit of the relationship weights from ${labels.length} hand-set types`);
  if (labels.length < REFIT_MIN_LABELS) {
    console.log(`not enough to learn from: at least ${REFIT_MIN_LABELS} are needed`);
    return;
  }
  const [stored] = await sql<{ rules: Record<string, unknown> }[]>`select rules from public.classification_rules where org_id = ${org.id}`;
  const raw = stored?.rules ?? {};
  const rules = parseRules(raw);
  const asOf = new Date().toISOString();
  const feats = await sql<{ features: unknown }[]>`
    select features from public.customer_features(${org.id}, ${labels.map((l) => l.customerId)}::uuid[], ${asOf}::timestamptz)`;
  const byId = new Map(feats.map((r) => {
    const f = CustomerFeaturesSchema.parse(r.features);
    return [f.customer_id, f];
  }));
  const [c] = await sql<{ ctx: unknown }[]>`
    select public.org_feature_context(${org.id}::uuid, ${asOf}::timestamptz, ${rules.value.high_share}::float8, ${rules.value.low_share}::float8) as ctx`;
  const ctx = OrgContextSchema.parse(c!.ctx);
  const items = labels.flatMap((l) => (byId.has(l.customerId) ? [{ features: byId.get(l.customerId)!, label: l.label as TypeLabel }] : []));
  const p = proposeWeights(items, rules, ctx);
  console.log(table(['weight', 'before', 'after'], (Object.keys(p.before) as (keyof typeof p.before)[]).map((k) => [k, p.before[k], p.changed.includes(k) ? `${p.after[k]}  ←` : String(p.after[k])])));
  console.log(`labelled customers the engine agrees with: ${p.agreeBefore}/${p.labels} → ${p.agreeAfter}/${p.labels} (each weight bounded to 0.5–2× its current value)`);
  if (!p.changed.length) {
    console.log('no bounded change makes more of them agree: the weights stay');
    return;
  }
  if (!values.apply) {
    console.log(`nothing written; to apply: npm run eval:classify -- --org <slug> --refit --apply --as <admin e-mail>`);
    return;
  }
  const by = await adminId(sql, org.id);
  if (!by) return;
  const next = overrideWith(raw, p);
  const check = safeParseRules(next);
  if (!check.ok) throw new Error(`the re-fitted rules do not validate: ${check.issues.join('; ')}`); // cannot happen: weights stay ≥ 0
  if (!(await confirm(`Apply these weights to ${org.name}?`))) return;
  await sql.begin(async (tx) => {
    await tx`insert into public.classification_rules (org_id, rules, updated_at, updated_by) values (${org.id}, ${tx.json(next as never)}, now(), ${by})
             on conflict (org_id) do update set rules = excluded.rules, updated_at = now(), updated_by = excluded.updated_by`;
    await tx`insert into public.rules_refits (org_id, before, after, labels, agree_before, agree_after, applied_by)
             values (${org.id}, ${tx.json(raw as never)}, ${tx.json(next as never)}, ${p.labels}, ${p.agreeBefore}, ${p.agreeAfter}, ${by})`;
  });
  console.log(`applied to ${org.name}'s rules. Profiles change at the next recompute (npm run crm -- recompute --org <slug> --full); undo: --undo --as <admin e-mail>`);
}

async function undoRefit(sql: Sql, org: { id: string; name: string }) {
  const [last] = await sql<{ id: string; before: unknown; after: unknown; applied_at: Date }[]>`
    select id::text, before, after, applied_at from public.rules_refits
     where org_id = ${org.id} and undone_at is null order by applied_at desc, id desc limit 1`;
  if (!last) {
    console.error(`no re-fit of ${org.name} to undo`);
    process.exitCode = 2;
    return;
  }
  const [stored] = await sql<{ rules: unknown }[]>`select rules from public.classification_rules where org_id = ${org.id}`;
  if (JSON.stringify(stored?.rules ?? {}) !== JSON.stringify(last.after)) {
    console.error(`${org.name}'s rules changed after the re-fit of ${last.applied_at.toISOString()}: undoing it would overwrite that change; edit the rules instead`);
    process.exitCode = 1;
    return;
  }
  const by = await adminId(sql, org.id);
  if (!by) return;
  if (!(await confirm(`Put back ${org.name}'s rules of before the re-fit of ${last.applied_at.toISOString()}?`))) return;
  await sql.begin(async (tx) => {
    await tx`update public.classification_rules set rules = ${tx.json(last.before as never)}, updated_at = now(), updated_by = ${by} where org_id = ${org.id}`;
    await tx`update public.rules_refits set undone_at = now(), undone_by = ${by} where id = ${last.id}`;
  });
  console.log(`undone: ${org.name}'s rules are back to what they were before ${last.applied_at.toISOString()}`);
}

if (values.org) await evaluateOrg(values.org);
else await evaluatePersonas();
process.exit(process.exitCode ?? 0);
