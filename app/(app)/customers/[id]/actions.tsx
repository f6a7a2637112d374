'use server';
// loadOlderTimeline — the page of a customer's timeline after the cursor, for "load older",
// rendered here on the server: the entries' code (kinds, reasons, chips) stays off the phone's
// first download (docs/benchmarks-web.md); the client only appends what comes back.
// memberAction: signed in and a member; RLS decides what there is (another rep's customer simply
// has no timeline).
import { getFormatter } from 'next-intl/server';
import type { OlderTimelinePage } from '@/components/customers/timeline/load-older.tsx';
import { dayKey, TimelineDays } from '@/components/customers/timeline/timeline-days.tsx';
import { listTimeline } from '@/lib/db/queries/timeline.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { memberAction } from '@/lib/http/action.ts';
import { TimelinePageInput } from '@/lib/validation/timeline.ts';

const failed = (): never => {
  throw new Error('loadOlderTimeline failed');
};

const olderPage = memberAction(
  { name: 'loadOlderTimeline', input: TimelinePageInput, invalid: failed, refused: () => ({ items: [], nextCursor: null, meId: '' }), failed },
  async ({ claims, member, input }) => {
    const page = await withRls(claims, (tx) => listTimeline(tx, { orgId: member.org_id, customerId: input.customerId, cursor: input.cursor }));
    return { ...page, meId: claims.sub };
  },
);

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
  const page = await olderPage(input);
  const format = await getFormatter();
  const now = input.now instanceof Date && !Number.isNaN(input.now.getTime()) ? input.now : new Date();
  const after = input.after instanceof Date && !Number.isNaN(input.after.getTime()) ? input.after : null;
  const name = typeof input.customerName === 'string' ? input.customerName.slice(0, 200) : '';
  return {
    days: (
      <TimelineDays
        items={page.items}
        now={now}
        customer={{ id: input.customerId, name }}
        meId={page.meId}
        continuesDay={after ? dayKey(format, after) : null}
      />
    ),
    nextCursor: page.nextCursor,
    lastAt: page.items.at(-1)?.at ?? null,
  };
}
