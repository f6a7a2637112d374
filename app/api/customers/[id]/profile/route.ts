// GET /api/customers/[id]/profile — when the customer's tags were last computed: {computed_at}
// The customer page polls this for a few seconds after a log is synced, and refreshes itself
// once the recompute (run after the log's response) has written the new profile. Tiny on purpose:
// it runs every second or so while a rep waits. 401 signed out, 404 not a customer they can see.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getClaims } from '@/lib/auth/session.ts';
import { getProfileStamp } from '@/lib/db/queries/profiles.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { bilingual, problem, problems } from '@/lib/http/problem.ts';

export type ProfileStamp = { computed_at: string | null };

export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const claims = await getClaims();
  if (!claims) return problems.unauthenticated();
  const id = z.uuid().safeParse((await ctx.params).id);
  const row = id.success ? await withRls(claims, (tx) => getProfileStamp(tx, id.data)) : undefined;
  if (!row) return problem(404, 'customer_not_found', bilingual('interactions.customer_not_found'));
  const body: ProfileStamp = { computed_at: row.computed_at ? new Date(row.computed_at).toISOString() : null };
  return NextResponse.json(body, { headers: { 'cache-control': 'no-store' } });
}
