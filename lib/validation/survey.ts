// One zod schema per survey input: the rep's "create a link" request, the customer's answer
// (plain form post or JSON), and the org's link lifetime setting. The SQL function
// submit_survey checks the same ranges again. (The numbers are in survey-limits.ts, zod-free.) Client-safe (no Node imports): tokens are made
// in lib/db/queries/surveys.ts.
import './zod-csp.ts';
import { z } from 'zod';
import { COMMENT_MAX, CSAT_MAX, NPS_MAX, SURVEY_TTL_DEFAULT_DAYS, SURVEY_TTL_MAX_DAYS } from './survey-limits.ts';

export { COMMENT_MAX, CSAT_MAX, NPS_MAX, SURVEY_TTL_DEFAULT_DAYS, SURVEY_TTL_MAX_DAYS } from './survey-limits.ts';

/**
 * The public link's rate limits, per window: failed guesses (a token that does not exist,
 * opened or posted) per client IP, and posts per token. A real customer opens one valid link
 * and posts once or twice; 128-bit tokens cannot be guessed anyway — this stops the noise.
 */
export const SURVEY_LIMITS = { windowSeconds: 15 * 60, perIpFailures: 20, perTokenPosts: 10 };

export const TokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/);

/** orgs.settings.survey_ttl_days: a whole number of days, 1–365; anything else → the default. */
export function surveyTtlDays(settings: unknown): number {
  const v = (settings as { survey_ttl_days?: unknown } | null)?.survey_ttl_days;
  const parsed = z.coerce.number().int().min(1).max(SURVEY_TTL_MAX_DAYS).safeParse(v);
  return parsed.success && v !== null && v !== '' ? parsed.data : SURVEY_TTL_DEFAULT_DAYS;
}

export const CreateSurveyInput = z.object({ customer_id: z.uuid() });
export type CreateSurveyInput = z.infer<typeof CreateSurveyInput>;

/** What POST /api/surveys answers: the link's path (the token is shown once, never stored) and its expiry. */
export type CreateSurveyResponse = { path: string; expires_at: string };

// Form posts send strings ("9"); JSON may send numbers. Whole numbers only: "7.5" is refused.
const score = (max: number, min: number) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*\d{1,2}\s*$/.test(v) ? Number(v) : v), z.number().int().min(min).max(max));

// Control characters other than tab and newline carry nothing a person typed (and NUL cannot be stored).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export const SurveyAnswer = z.object({
  nps: score(NPS_MAX, 0),
  csat: score(CSAT_MAX, 1),
  comment: z
    .string()
    .optional()
    .transform((s) => (s ?? '').replace(/\r\n?/g, '\n').replace(CONTROL, '').trim())
    .pipe(z.string().max(COMMENT_MAX))
    .transform((s) => (s === '' ? null : s)),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

export type SubmitStatus = 'ok' | 'answered' | 'expired' | 'invalid';
export type LinkState = 'open' | 'answered' | 'expired' | 'invalid';
