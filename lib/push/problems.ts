// zh/en problems for the push routes (messages → push.invalid.*), shaped like lib/http/problem.ts.
import type { z } from 'zod';
import { problem, say } from '../http/problem.ts';
import { subscriptionProblem } from './subscription.ts';

export function invalidSubscription(error: z.ZodError) {
  const which = subscriptionProblem(error);
  const message = say(`push.invalid.${which}`);
  const field = which === 'body' ? 'body' : which === 'endpoint' || which === 'endpoint_public' ? 'endpoint' : `keys.${which}`;
  return problem(400, 'invalid_subscription', message, { [field]: message });
}

/** The endpoint is stored for another member (one device, one person: they turn it off first). */
export function endpointTaken() {
  const message = say('push.endpointTaken');
  return problem(409, 'endpoint_taken', message, { endpoint: message });
}
