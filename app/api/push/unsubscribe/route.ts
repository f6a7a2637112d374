// POST /api/push/unsubscribe — forget this device's push subscription: { endpoint }.
// 200 { removed } (false when it was not stored for the caller — idempotent). Problems: 400, 401, 403.
import { NextResponse } from 'next/server';
import { withRls } from '@/lib/db/with-rls.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { deletePushSubscription } from '@/lib/push/queries.ts';
import { PushUnsubscribeInput } from '@/lib/push/subscription.ts';

export const POST = memberRoute(
  { body: PushUnsubscribeInput, maxBytes: 4 * 1024, name: 'POST /api/push/unsubscribe' },
  async ({ claims, body }) => {
    const removed = await withRls(claims, (tx) => deletePushSubscription(tx, body.endpoint));
    return NextResponse.json({ removed }, { headers: { 'cache-control': 'no-store' } });
  },
);
