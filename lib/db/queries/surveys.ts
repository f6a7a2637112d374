// Satisfaction surveys (issue 6): invitations made by reps (under RLS), answers from anonymous
// customers (only through public.submit_survey), the public page's lookup and rate limit (the
// app's login role, private.survey_* — see supabase/migrations/20261125000300_survey_links.sql),
// and the team view's figures.
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import type { Tx } from '../with-rls.ts';
import { type LinkState, type SubmitStatus, SURVEY_LIMITS, type SurveyAnswer, surveyTtlDays } from '../../validation/survey.ts';

/** 18 random bytes = 144 bits (≥ 128), 24 base64url characters: a QR code a phone reads at arm's length. */
const TOKEN_BYTES = 18;

export function newSurveyToken(): { token: string; hash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: hashSurveyToken(token) };
}

/** sha-256 hex of the token — what surveys.token_hash holds and submit_survey computes in SQL. */
export const hashSurveyToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * A new invitation for a customer the caller can see (RLS refuses others with 42501). Its
 * lifetime is the org's `settings.survey_ttl_days` (default 14). Only the hash is stored.
 */
export async function createSurvey(tx: Tx, input: { customerId: string; tokenHash: string }): Promise<{ id: string; expires_at: Date }> {
  const [org] = await tx<{ id: string; settings: unknown }[]>`
    select o.id, o.settings from public.orgs o join public.members m on m.org_id = o.id
    where m.user_id = (select auth.uid()) and m.active`;
  if (!org) throw Object.assign(new Error('no membership'), { code: '42501' });
  const days = surveyTtlDays(org.settings);
  const [row] = await tx<{ id: string; expires_at: Date }[]>`
    insert into public.surveys (org_id, customer_id, token_hash, created_by, expires_at)
    values (${org.id}, ${input.customerId}, ${input.tokenHash}, (select auth.uid()), now() + make_interval(days => ${days}))
    returning id, expires_at`;
  return row!;
}

/** The anonymous answer (run under withRls(null, …), i.e. as anon). Out-of-range values raise 22023. */
export async function submitSurvey(tx: Tx, token: string, answer: SurveyAnswer): Promise<SubmitStatus> {
  const [row] = await tx<{ status: SubmitStatus }[]>`
    select public.submit_survey(${token}, ${answer.nps}, ${answer.csat}, ${answer.comment}) as status`;
  return row!.status;
}

// ---- the app's login role, outside any user (like the local auth provider's lookups)

export type SurveyLink = { state: LinkState; org_name: string | null; org_id: string | null; customer_id: string | null };

/** What the public page may show (the state and the org's name) plus the recompute's target. */
export async function surveyLink(db: Sql, tokenHash: string): Promise<SurveyLink> {
  const [row] = await db<SurveyLink[]>`select state, org_name, org_id, customer_id from private.survey_link(${tokenHash})`;
  return row ?? { state: 'invalid', org_name: null, org_id: null, customer_id: null };
}

export async function recentSurveyAttempts(
  db: Sql,
  ip: string,
  tokenHash: string,
  windowSeconds: number,
): Promise<{ ip_failures: number; token_posts: number }> {
  const [row] = await db<{ ip_failures: number; token_posts: number }[]>`
    select ip_failures, token_posts from private.survey_recent_attempts(${ip}, ${tokenHash}, ${windowSeconds})`;
  return row!;
}

/** Whether this IP may try another link (too many unknown tokens lately?) and, for a post, whether this token takes another post. */
export async function surveyAttemptAllowed(db: Sql, ip: string, tokenHash: string, kind: 'view' | 'post'): Promise<boolean> {
  const n = await recentSurveyAttempts(db, ip, tokenHash, SURVEY_LIMITS.windowSeconds);
  if (n.ip_failures >= SURVEY_LIMITS.perIpFailures) return false;
  return kind === 'view' || n.token_posts < SURVEY_LIMITS.perTokenPosts;
}

export type AttemptOutcome = SubmitStatus | 'bad_input' | `view_${LinkState}`;

export async function recordSurveyAttempt(db: Sql, ip: string, tokenHash: string, outcome: AttemptOutcome): Promise<void> {
  await db`select private.survey_record_attempt(${ip}, ${tokenHash}, ${outcome})`;
}

// ---- the team view

/** The team view's window: invitations sent in the last 90 days (about one survey cycle, playbook survey_every_days). */
export const SURVEY_STATS_DAYS = 90;

/**
 * `sent` = answered + expired unanswered, the engine's `surveys_sent` (docs/engine.md, migration
 * 20261125000800_survey_pending.sql): a link counts once the customer had their chance, so the
 * response rate answered / sent is the engine's. `pending` = links still open and unanswered,
 * counted toward neither.
 */
export type SurveyStatsRow = {
  key: string | null;
  name: string | null;
  sent: number;
  answered: number;
  pending: number;
  /** NPS of the group: promoters % (9–10) − detractors % (0–6) of its answers, −100…100; null with none (issue 14) */
  nps: number | null;
  avg_csat: number | null;
};

/**
 * Invitations sent since `since` among the customers the caller can see (a manager: the team's;
 * an admin: the org's), per current owner and per relationship type (null = not classified yet).
 * As of now each link is answered (its survey_responses row exists, whenever it came), expired
 * (expires_at passed, no answer) or pending (still open).
 */
// NPS = promoters % − detractors %, as Insights defines it (lib/db/queries/insights.ts nps()).
const npsOf = (tx: Tx) => tx`round(100.0 * (count(*) filter (where s.nps >= 9) - count(*) filter (where s.nps <= 6)) / nullif(count(s.nps), 0), 1)::float8`;

export async function surveyStats(tx: Tx, since: Date): Promise<{ byRep: SurveyStatsRow[]; byType: SurveyStatsRow[] }> {
  const rows = await tx<(SurveyStatsRow & { grp: 'rep' | 'type' })[]>`
    with s as (
      select c.owner_id, p.relationship_type::text as rel, r.nps, r.csat,
             case when r.id is not null then 'answered' when s.expires_at <= now() then 'expired' else 'pending' end as state
      from public.surveys s
      join public.customers c on c.id = s.customer_id
      left join public.customer_profiles p on p.customer_id = s.customer_id
      left join public.survey_responses r on r.survey_id = s.id
      where s.created_at >= ${since}
    )
    select 'rep' as grp, s.owner_id::text as key, m.display_name as name,
           count(*) filter (where s.state <> 'pending')::int as sent,
           count(*) filter (where s.state = 'answered')::int as answered,
           count(*) filter (where s.state = 'pending')::int as pending,
           ${npsOf(tx)} as nps, round(avg(s.csat), 1)::float8 as avg_csat
    from s left join public.members m on m.user_id = s.owner_id
    group by s.owner_id, m.display_name
    union all
    select 'type', s.rel, null,
           count(*) filter (where s.state <> 'pending')::int,
           count(*) filter (where s.state = 'answered')::int,
           count(*) filter (where s.state = 'pending')::int,
           ${npsOf(tx)}, round(avg(s.csat), 1)::float8
    from s group by s.rel
    order by 1, 4 desc, 6 desc, 3`;
  return {
    byRep: rows.filter((r) => r.grp === 'rep').map(({ grp: _grp, ...r }) => r),
    byType: rows.filter((r) => r.grp === 'type').map(({ grp: _grp, ...r }) => r),
  };
}
