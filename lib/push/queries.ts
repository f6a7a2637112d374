// Push subscriptions of the signed-in member's devices. Run inside withRls.
import type { Tx } from '../db/with-rls.ts';
import type { PushSubscriptionInput } from './subscription.ts';

/**
 * Stores this device's subscription for the caller (org and user from the claims). The same
 * endpoint signed in as someone else moves to the caller: one phone, the person using it.
 */
export async function savePushSubscription(tx: Tx, sub: PushSubscriptionInput, userAgent: string | null): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    select private.save_push_subscription(${sub.endpoint}, ${sub.keys.p256dh}, ${sub.keys.auth},
                                          ${userAgent?.slice(0, 300) ?? null}, ${sub.locale ?? null}) as id`;
  return row!.id;
}

/** Removes the caller's subscription for this endpoint (someone else's is invisible and stays). */
export async function deletePushSubscription(tx: Tx, endpoint: string): Promise<boolean> {
  const rows = await tx`delete from public.push_subscriptions where endpoint = ${endpoint} returning id`;
  return rows.length > 0;
}

/** Whether the caller has this endpoint stored (for the Me tab's on/off state). */
export async function hasPushSubscription(tx: Tx, endpoint: string): Promise<boolean> {
  const rows = await tx`select 1 from public.push_subscriptions where endpoint = ${endpoint}`;
  return rows.length > 0;
}
