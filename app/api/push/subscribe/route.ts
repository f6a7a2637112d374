// POST /api/push/subscribe — store this device's push subscription for the signed-in member
// GET  /api/push/subscribe?endpoint= — { stored }: is it stored for the caller (the Me tab's state)
// body: PushSubscription.toJSON() + { locale }. 201 { id }. The user and org come from the claims
// (private.save_push_subscription). Problems: 400 malformed subscription or an endpoint that is
// not a public push service (which part, zh/en), 401, 403, 409 the endpoint is stored for another
// member (one device, one person — it never moves silently).
import { type NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { getClaims } from '@/lib/auth/session.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { problems } from '@/lib/http/problem.ts';
import { memberRoute, pgErrorCode } from '@/lib/http/route.ts';
import { endpointTaken, invalidSubscription } from '@/lib/push/problems.ts';
import { hasPushSubscription, savePushSubscription } from '@/lib/push/queries.ts';
import { PushSubscriptionInput } from '@/lib/push/subscription.ts';

export const POST = memberRoute(
  // Parsed here rather than by the wrapper: the message names the part that is wrong (push.invalid.*).
  { body: z.unknown(), maxBytes: 4 * 1024, name: 'POST /api/push/subscribe' },
  async ({ req, claims, body }) => {
    const sub = PushSubscriptionInput.safeParse(body);
    if (!sub.success) return invalidSubscription(sub.error);
    let id: string;
    try {
      id = await withRls(claims, (tx) => savePushSubscription(tx, sub.data, req.headers.get('user-agent')));
    } catch (err) {
      if (pgErrorCode(err) === '23505') return endpointTaken();
      throw err;
    }
    return NextResponse.json({ id }, { status: 201, headers: { 'cache-control': 'no-store' } });
  },
);

export async function GET(req: NextRequest) {
  const claims = await getClaims();
  if (!claims) return problems.unauthenticated();
  const endpoint = req.nextUrl.searchParams.get('endpoint') ?? '';
  const stored = endpoint.length > 0 && endpoint.length <= 2048 && (await withRls(claims, (tx) => hasPushSubscription(tx, endpoint)));
  return NextResponse.json({ stored }, { headers: { 'cache-control': 'no-store' } });
}
