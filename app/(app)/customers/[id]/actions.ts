'use server';
// loadOlderTimeline — the page of a customer's timeline after the cursor, for "load older".
import { requireClaims } from '@/lib/auth/session.ts';
import { getCurrentMember } from '@/lib/db/queries/members.ts';
import { listTimeline, type TimelinePage } from '@/lib/db/queries/timeline.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { TimelinePageInput } from '@/lib/validation/timeline.ts';

export async function loadOlderTimeline(input: { customerId: string; cursor: string }): Promise<TimelinePage> {
  const claims = await requireClaims();
  const { customerId, cursor } = TimelinePageInput.parse(input);
  return withRls(claims, async (tx) => {
    const member = await getCurrentMember(tx, { userId: claims.sub });
    if (!member) return { items: [], nextCursor: null };
    // RLS decides what there is: another rep's customer simply has no timeline.
    return listTimeline(tx, { orgId: member.org_id, customerId, cursor });
  });
}
