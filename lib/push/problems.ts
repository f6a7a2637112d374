// zh/en problems for the push routes (messages → push.invalid.*), shaped like lib/http/problem.ts.
import type { z } from 'zod';
import { problem, say } from '../http/problem.ts';
import { subscriptionProblem } from './subscription.ts';

export function invalidSubscription(error: z.ZodError) {
  const which = subscriptionProblem(error);
  const message = say(`push.invalid.${which}`);
  const field = which === 'body' ? 'body' : which === 'endpoint' ? 'endpoint' : `keys.${which}`;
  return problem(400, 'invalid_subscription', message, { [field]: message });
}
