// One zod schema for an order: the order sheet, POST /api/orders and (later) the CSV import parse
// with it. Money is yuan with cents; the database column is numeric(14, 2).
import './zod-csp.ts';
import { z } from 'zod';
import { LIMITS, ORDER_KINDS } from '../domain/vocabulary.ts';

export { ORDER_KINDS };
export const ORDER_AMOUNT_MAX = LIMITS.amountMax; // ¥10亿: beyond any SMB order; a typo, not a sale

const DAY_MS = 86_400_000;
const EARLIEST = Date.parse(`${LIMITS.earliestDate}T00:00:00Z`);

/** Yuan with at most two decimals, as stored: 12.345 → 12.35 (binary floats never quite hit cents). */
export const toCents = (v: number) => Math.round(v * 100) / 100;

/**
 * A business date that is not in the future. A day of slack: the phone picks "today" in its own
 * time zone and its clock may be off. The custom issue carries a message key (lib/http/problem.ts).
 */
export const pastDate = () =>
  z.coerce
    .date()
    .refine((d) => d.getTime() >= EARLIEST && d.getTime() <= Date.now() + DAY_MS, { params: { key: 'date_out_of_range' } });

export const OrderInput = z.object({
  // Made by the sheet once per order, so pressing save twice (or a retry after a timeout)
  // stores one order. Optional for scripts; the route then makes one.
  id: z.uuid().optional(),
  customer_id: z.uuid(),
  amount: z.number().min(LIMITS.orderAmountMin).max(ORDER_AMOUNT_MAX).transform(toCents),
  kind: z.enum(ORDER_KINDS).default('product'),
  discount_used: z.boolean().default(false),
  premium: z.boolean().default(false),
  ordered_at: pastDate().default(() => new Date()),
});
export type OrderInput = z.infer<typeof OrderInput>;

/** What POST /api/orders answers: 201 stored, 200 this id was already stored (a retry). */
export type AddOrderResponse = { id: string; inserted: boolean };
