// POST /api/interactions — log an interaction (idempotent by id)
// 201 {id, inserted: true} when stored, 200 {id, inserted: false} when this id was already stored
// for the same customer (an outbox replay); then the customer's tags are recomputed after the
// response. Problems: 400 bad input, 401 signed out (or signed in as someone other than the log's
// author, for an outbox replay), 403 not your customer, 409 id clash.
import { after, NextResponse } from 'next/server';
import { findInteraction, followUpBeforeLogDay, insertInteraction, wasRecalled } from '@/lib/db/queries/interactions.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { bilingual, problem } from '@/lib/http/problem.ts';
import { memberRoute, pgErrorCode } from '@/lib/http/route.ts';
import { AUTHOR_HEADER } from '@/lib/offline/entry.ts';
import { InteractionInput, type LogInteractionResponse } from '@/lib/validation/interaction.ts';

// A note is at most 5000 characters (15 kB of Chinese in UTF-8); anything far beyond is not a log.
const MAX_BODY_BYTES = 64 * 1024;

export const POST = memberRoute({ body: InteractionInput, maxBytes: MAX_BODY_BYTES, name: 'POST /api/interactions' }, async ({ req, claims, member, body }) => {
  // The offline outbox says whose log this is. A log made by one rep and replayed while another is
  // signed in on the same phone must wait for its author, not be stored as the other's.
  const author = req.headers.get(AUTHOR_HEADER);
  if (author && author !== claims.sub) return problem(401, 'author_mismatch', bilingual('interactions.author_mismatch'));
  let result: { inserted: boolean; clash: boolean; followUpPast?: boolean };
  try {
    result = await withRls(claims, async (tx) => {
      // A follow-up day before the log's day would be an overdue reminder at once (issue 15).
      if (body.follow_up_at && (await followUpBeforeLogDay(tx, { occurredAt: body.occurred_at, followUpAt: body.follow_up_at })))
        return { inserted: false, clash: false, followUpPast: true };
      const { inserted } = await insertInteraction(tx, body);
      if (inserted) return { inserted, clash: false };
      const stored = await findInteraction(tx, body.id);
      // Recalled by its author since: a replay of it is done, not a clash (nothing is stored again).
      if (!stored && (await wasRecalled(tx, body.id))) return { inserted, clash: false };
      return { inserted, clash: stored?.customer_id !== body.customer_id };
    });
  } catch (err) {
    // The insert policy only lets a member log on a customer they can see: not theirs, reassigned
    // away since the log was made offline, or no such customer at all — RLS can't tell these apart
    // and neither do we (saying "exists but not yours" would leak other reps' customers).
    if (pgErrorCode(err) === '42501') return problem(403, 'forbidden', bilingual('interactions.forbidden'));
    if (pgErrorCode(err) === '23503') return problem(404, 'customer_not_found', bilingual('interactions.customer_not_found'));
    throw err;
  }
  if (result.followUpPast)
    return problem(400, 'invalid_input', bilingual('invalid_input'), { follow_up_at: bilingual('interactions.follow_up_past') });
  if (result.clash) return problem(409, 'id_conflict', bilingual('interactions.id_conflict'));

  // A replay changes nothing, so only a new row needs the tags recomputed.
  if (result.inserted) after(() => recomputeSoon(member.org_id, [body.customer_id]));
  const answer: LogInteractionResponse = { id: body.id, inserted: result.inserted };
  return NextResponse.json(answer, { status: result.inserted ? 201 : 200, headers: { 'cache-control': 'no-store' } });
});
