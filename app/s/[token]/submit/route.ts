// POST /s/[token]/submit — a customer's survey answer (anonymous; the token is the only key).
// The page's form posts here without JavaScript (application/x-www-form-urlencoded) and gets a
// 303 back to /s/[token]: ?sent=1 (thank-you), the link's own state page (已提交 / 已过期 /
// 链接无效), or the form again with ?e=invalid|too_long|limited. A client that asks for JSON gets
// the status instead: 200 ok, 400 bad scores, 404 unknown token, 409 already answered, 410
// expired, 413 too large, 429 rate limited — `{error, message: {zh, en}}` like the app's routes.
//
// The answer is stored by public.submit_survey as `anon` (withRls(null)), the only thing anon
// may do. Rate limits (lib/validation/survey.ts SURVEY_LIMITS) are counted in the database,
// so they hold across restarts and instances. No same-origin check: the capability is the
// token, not a session, and WeChat's browser must be able to post.
import { after, type NextRequest, NextResponse } from 'next/server';
import { appDb } from '@/lib/db/client.ts';
import { hashSurveyToken, recordSurveyAttempt, submitSurvey, surveyAttemptAllowed, surveyLink } from '@/lib/db/queries/surveys.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { problem, say } from '@/lib/http/problem.ts';
import { pgErrorCode, readBodyBytes } from '@/lib/http/route.ts';
import { clientIp, seeOther, wantsJson } from '@/lib/http/request.ts';
import { COMMENT_MAX, SURVEY_LIMITS, SurveyAnswer, TokenSchema } from '@/lib/validation/survey.ts';

// A full answer is ~6 KB at most (2,000 CJK characters, percent-encoded ×9 → 18 KB worst case).
const MAX_BYTES = 24 * 1024;

type Outcome = 'ok' | 'answered' | 'expired' | 'invalid' | 'bad_input' | 'too_long' | 'limited';

const STATUS: Record<Outcome, number> = { ok: 200, bad_input: 400, invalid: 404, answered: 409, expired: 410, too_long: 413, limited: 429 };

function json(outcome: Outcome): NextResponse {
  if (outcome === 'ok') return NextResponse.json({ status: 'ok' }, { status: 200, headers: { 'cache-control': 'no-store' } });
  const headers = outcome === 'limited' ? { 'retry-after': String(SURVEY_LIMITS.windowSeconds) } : undefined;
  const message =
    outcome === 'bad_input' || outcome === 'too_long' || outcome === 'limited'
      ? say(`publicSurvey.errors.${outcome === 'bad_input' ? 'invalid' : outcome}`, { max: COMMENT_MAX })
      : say(`publicSurvey.states.${outcome}.title`);
  return problem(STATUS[outcome], outcome, message, undefined, headers);
}

function redirect(token: string, outcome: Outcome): NextResponse {
  const page = `/s/${encodeURIComponent(token)}`;
  if (outcome === 'ok') return seeOther(`${page}?sent=1`);
  if (outcome === 'bad_input') return seeOther(`${page}?e=invalid`);
  if (outcome === 'too_long' || outcome === 'limited') return seeOther(`${page}?e=${outcome}`);
  return seeOther(page); // the page shows 已提交 / 已过期 / 链接无效 itself
}

/** The body as text, or null past `max` bytes (counted as it streams). */
async function readText(req: NextRequest, max: number): Promise<string | null> {
  const bytes = await readBodyBytes(req, max);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

function parseBody(text: string, isJson: boolean): unknown {
  if (isJson) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }
  const form = new URLSearchParams(text);
  return { nps: form.get('nps') ?? undefined, csat: form.get('csat') ?? undefined, comment: form.get('comment') ?? undefined };
}

export async function POST(req: NextRequest, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const answerJson = wantsJson(req.headers);
  const reply = (outcome: Outcome) => (answerJson ? json(outcome) : redirect(token, outcome));
  const db = appDb();
  const ip = clientIp(req.headers);
  const hash = hashSurveyToken(token.slice(0, 200));

  if (!(await surveyAttemptAllowed(db, ip, hash, 'post'))) return reply('limited');

  const text = await readText(req, MAX_BYTES);
  if (text === null) {
    await recordSurveyAttempt(db, ip, hash, 'bad_input');
    return reply('too_long');
  }
  const isJson = (req.headers.get('content-type') ?? '').includes('application/json');
  const parsed = SurveyAnswer.safeParse(parseBody(text, isJson));
  if (!parsed.success) {
    await recordSurveyAttempt(db, ip, hash, 'bad_input');
    const tooLong = parsed.error.issues.some((i) => i.path[0] === 'comment' && i.code === 'too_big');
    return reply(tooLong ? 'too_long' : 'bad_input');
  }

  let status: Outcome;
  if (!TokenSchema.safeParse(token).success) status = 'invalid';
  else {
    try {
      status = await withRls(null, (tx) => submitSurvey(tx, token, parsed.data));
    } catch (err) {
      if (pgErrorCode(err) !== '22023') throw err; // the function's own range check: same as zod's, kept as a backstop
      status = 'bad_input';
    }
  }
  await recordSurveyAttempt(db, ip, hash, status === 'bad_input' ? 'bad_input' : status);

  if (status === 'ok') {
    // Which customer answered is for the recompute only; it is never sent back.
    const link = await surveyLink(db, hash);
    if (link.org_id && link.customer_id) {
      const { org_id, customer_id } = link;
      after(() => recomputeSoon(org_id, [customer_id]));
    }
  }
  return reply(status);
}
