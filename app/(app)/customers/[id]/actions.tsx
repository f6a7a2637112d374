'use server';
// loadOlderTimeline — the page of a customer's timeline after the cursor, for "load older",
// rendered here on the server: the entries' code (kinds, reasons, chips) stays off the phone's
// first download (docs/benchmarks-web.md); the client only appends what comes back.
import { getFormatter } from 'next-intl/server';
import type { OlderTimelinePage } from '@/components/customers/timeline/load-older.tsx';
import { dayKey, TimelineDays } from '@/components/customers/timeline/timeline-days.tsx';
import { requireClaims } from '@/lib/auth/session.ts';
import { getCurrentMember } from '@/lib/db/queries/members.ts';
import { listTimeline } from '@/lib/db/queries/timeline.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { TimelinePageInput } from '@/lib/validation/timeline.ts';

export async function loadOlderTimeline(input: {
  customerId: string;
  cursor: string;
  /** the customer as the page shows them (who sits where in the chat) */
  customerName: string;
  /** when the entry above this page happened: a day split across pages shows its date once */
  after: Date | null;
  /** the page's "now", for 今天 / 昨天 */
  now: Date;
}): Promise<OlderTimelinePage> {
  const claims = await requireClaims();
  const { customerId, cursor } = TimelinePageInput.parse(input);
  const page = await withRls(claims, async (tx) => {
    const member = await getCurrentMember(tx, { userId: claims.sub });
    if (!member) return { items: [], nextCursor: null };
    // RLS decides what there is: another rep's customer simply has no timeline.
    return listTimeline(tx, { orgId: member.org_id, customerId, cursor });
  });
  const format = await getFormatter();
  const now = input.now instanceof Date && !Number.isNaN(input.now.getTime()) ? input.now : new Date();
  const after = input.after instanceof Date && !Number.isNaN(input.after.getTime()) ? input.after : null;
  const name = typeof input.customerName === 'string' ? input.customerName.slice(0, 200) : '';
  return {
    days: (
      <TimelineDays
        items={page.items}
        now={now}
        customer={{ id: customerId, name }}
        meId={claims.sub}
        continuesDay={after ? dayKey(format, after) : null}
      />
    ),
    nextCursor: page.nextCursor,
    lastAt: page.items.at(-1)?.at ?? null,
  };
}
