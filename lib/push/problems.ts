// zh/en problems for the push routes (messages → push.invalid.*), shaped like lib/http/problem.ts.
import type { z } from 'zod';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { problem } from '../http/problem.ts';
import { subscriptionProblem } from './subscription.ts';

export function invalidSubscription(error: z.ZodError) {
  const which = subscriptionProblem(error);
  const message = { zh: zh.push.invalid[which], en: en.push.invalid[which] };
  const field = which === 'body' ? 'body' : which === 'endpoint' || which === 'endpoint_public' ? 'endpoint' : `keys.${which}`;
  return problem(400, 'invalid_subscription', message, { [field]: message });
}

/** The endpoint is stored for another member (one device, one person: they turn it off first). */
export function endpointTaken() {
  const message = { zh: zh.push.endpointTaken, en: en.push.endpointTaken };
  return problem(409, 'endpoint_taken', message, { endpoint: message });
}
