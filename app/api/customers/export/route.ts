// GET /api/customers/export?q=&rel=&stage=&value=&life=&risk= — the customer list as CSV (UTF-8 BOM,
// opens in Excel), with the list's own filters (same query params, same SQL: customerListFilterSql)
// over what RLS lets the caller see. Managers and admins only (a rep's book stays in the app).
// Streamed from a cursor inside one withRls transaction, paced by the reader (backpressure), so a
// 100k book never sits in memory. 401 signed out, 403 a rep or no membership.
import type { NextRequest } from 'next/server';
import { getClaims } from '@/lib/auth/session.ts';
import { getCurrentMember } from '@/lib/db/queries/members.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { customersCsvStream } from '@/lib/export/customers-csv.ts';
import { problems } from '@/lib/http/problem.ts';
import { dataProblem } from '@/lib/import/problems.ts';
import { listQueryFromSearchParams } from '@/lib/validation/customer.ts';

export const maxDuration = 300;

class Cancelled extends Error {}

export async function GET(req: NextRequest) {
  const claims = await getClaims();
  if (!claims) return problems.unauthenticated();
  const member = await withRls(claims, (tx) => getCurrentMember(tx, { userId: claims.sub }));
  if (!member) return problems.noMembership();
  if (member.role !== 'manager' && member.role !== 'admin') return dataProblem(403, 'forbidden');
  // A bad filter value is dropped, as on the list.
  const filters = listQueryFromSearchParams(Object.fromEntries(req.nextUrl.searchParams));

  const encoder = new TextEncoder();
  let pulled: () => void = () => {};
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        void withRls(claims, async (tx) => {
          for await (const chunk of customersCsvStream(tx, { ...filters, orgId: member.org_id })) {
            if (cancelled) throw new Cancelled();
            controller.enqueue(encoder.encode(chunk));
            // The reader is behind: wait until it asks for more before fetching the next batch.
            while ((controller.desiredSize ?? 1) <= 0 && !cancelled) await new Promise<void>((resolve) => (pulled = resolve));
          }
        }).then(
          () => controller.close(),
          (err: unknown) => {
            if (err instanceof Cancelled) return;
            console.error('[api] GET /api/customers/export failed', err);
            controller.error(err);
          },
        );
      },
      pull() {
        pulled();
      },
      cancel() {
        cancelled = true;
        pulled();
      },
    },
    { highWaterMark: 4 },
  );
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="customers-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`客户-${day}.csv`)}`,
      'cache-control': 'no-store',
    },
  });
}
