// A zod error as one code per field — the one way server actions (lib/http/action.ts) and forms
// (components/customers/customer-form.tsx) turn a failed parse into something to show. Routes
// answer per-field zh/en sentences instead (fieldProblems in lib/http/problem.ts), because their
// callers (the offline outbox) may show them long after the form is gone.
import type { z } from 'zod';

/**
 * The first issue of each top-level field (`form` for the input as a whole). The code is what
 * the schema named — `message: 'phone_invalid'`, or `params: { key }` on a refinement — and
 * 'invalid' for zod's own wording, which is English prose and never shown.
 */
export function inputProblems(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : 'form';
    if (out[field]) continue;
    const key: unknown = issue.code === 'custom' ? issue.params?.key : undefined;
    out[field] = typeof key === 'string' ? key : /^[a-z][a-z0-9_]*$/.test(issue.message) ? issue.message : 'invalid';
  }
  return out;
}
