// What the customer list accepts from the URL (?q=) and from "load more" (q + cursor).
// TODO(lead): move to lib/validation/customers.ts once that entity schema exists.
import { z } from 'zod';

export const CustomerListQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .catch('')
    .default(''),
  cursor: z.string().max(512).nullish(),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuerySchema>;

/** searchParams values may be arrays (?q=a&q=b): take the first. */
export const firstParam = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
