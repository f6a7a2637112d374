// POST /api/surveys — a rep creates a satisfaction-survey link for a customer they can see.
// 201 {path: "/s/<token>", expires_at}. The token (144 random bits) is in this answer only; the
// database keeps its sha-256. Lifetime: the org's settings.survey_ttl_days, default 14 days.
// The customer is recomputed after the answer (surveys sent is a fact).
// Problems: 400 bad body, 401 signed out, 403 not your customer (RLS).
import { after, NextResponse } from 'next/server';
import { createSurvey, newSurveyToken } from '@/lib/db/queries/surveys.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { CreateSurveyInput, type CreateSurveyResponse } from '@/lib/validation/survey.ts';

export const POST = memberRoute({ body: CreateSurveyInput, maxBytes: 1024, name: 'POST /api/surveys' }, async ({ claims, member, body }) => {
  const { token, hash } = newSurveyToken();
  // A customer the caller can't see fails RLS's check (42501) → memberRoute answers 403.
  const row = await withRls(claims, (tx) => createSurvey(tx, { customerId: body.customer_id, tokenHash: hash }));
  // "Sent" is a fact the engine counts, and it closes an open 'survey' reminder.
  after(() => recomputeSoon(member.org_id, [body.customer_id]));
  const answer: CreateSurveyResponse = { path: `/s/${token}`, expires_at: row.expires_at.toISOString() };
  // no-store: the token must not sit in any cache
  return NextResponse.json(answer, { status: 201, headers: { 'cache-control': 'no-store' } });
});
