// The survey's numbers without zod: the public form (a customer's first and only load) needs
// COMMENT_MAX, and importing it from survey.ts would ship zod to that page (issue 18).
// lib/validation/survey.ts re-exports them and builds its schemas from them.
export const NPS_MAX = 10;
export const CSAT_MAX = 5;
export const COMMENT_MAX = 2000; // = survey_responses.comment check
export const SURVEY_TTL_DEFAULT_DAYS = 14;
export const SURVEY_TTL_MAX_DAYS = 365;
