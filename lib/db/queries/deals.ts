// Deals and their stage history. A stage change is two writes that must agree — deals.stage and
// a deal_stage_changes row (customer_id copied from the deal so RLS and the features need no
// join) — so callers run these inside the one withRls transaction.
import type { Tx } from '../with-rls.ts';
import { type DealInput, type DealStage, isStepBack } from '../../validation/deal.ts';

export type DealRow = {
  id: string;
  title: string | null;
  stage: DealStage;
  amount: string | null; // numeric: postgres.js hands it over as text, exact
  premium: boolean;
  created_at: Date;
  updated_at: Date;
};

/** A customer's deals: open ones first, most recently moved first. */
export function listDeals(tx: Tx, params: { orgId: string; customerId: string }): Promise<DealRow[]> {
  return tx<DealRow[]>`
    select id, title, stage, amount, premium, created_at, updated_at
    from public.deals
    where org_id = ${params.orgId} and customer_id = ${params.customerId}
    order by (stage in ('won', 'lost')), updated_at desc, id`;
}

/**
 * Opens a deal in its first stage and records that stage as the first change (from nothing), so
 * the sales cycle starts counting now. Idempotent by id. Throws 42501 for a customer the caller
 * may not see.
 */
export async function insertDeal(tx: Tx, input: DealInput & { id: string }): Promise<{ inserted: boolean }> {
  const rows = await tx`
    insert into public.deals (id, org_id, customer_id, title, stage, amount, premium)
    select ${input.id}, m.org_id, ${input.customer_id}, ${input.title}, ${input.stage}, ${input.amount}, ${input.premium}
    from public.members m where m.user_id = (select auth.uid())
    on conflict (id) do nothing
    returning id`;
  if (rows.length === 0) return { inserted: false };
  await tx`
    insert into public.deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage, changed_by)
    select d.org_id, d.id, d.customer_id, null, d.stage, (select auth.uid())
    from public.deals d where d.id = ${input.id}`;
  return { inserted: true };
}

export async function findDeal(tx: Tx, id: string): Promise<{ id: string; customer_id: string } | null> {
  const [row] = await tx<{ id: string; customer_id: string }[]>`select id, customer_id from public.deals where id = ${id}`;
  return row ?? null;
}

export type StageChange = { dealId: string; orgId: string; customerId: string; from: DealStage; to: DealStage; changed: boolean; stepBack: boolean };

/**
 * Moves a deal to `to` — forwards, backwards or to an outcome — and appends the change. The row is
 * locked first so two quick taps record two consecutive changes, not two from the same stage.
 * null when the caller may not see the deal (or there is none); nothing is written when it is
 * already there.
 */
export async function changeDealStage(tx: Tx, params: { dealId: string; to: DealStage }): Promise<StageChange | null> {
  const [deal] = await tx<{ id: string; org_id: string; customer_id: string; stage: DealStage }[]>`
    select id, org_id, customer_id, stage from public.deals where id = ${params.dealId} for update`;
  if (!deal) return null;
  const base = { dealId: deal.id, orgId: deal.org_id, customerId: deal.customer_id, from: deal.stage, to: params.to };
  if (deal.stage === params.to) return { ...base, changed: false, stepBack: false };
  await tx`update public.deals set stage = ${params.to} where id = ${deal.id}`;
  await tx`
    insert into public.deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage, changed_by)
    values (${deal.org_id}, ${deal.id}, ${deal.customer_id}, ${deal.stage}, ${params.to}, (select auth.uid()))`;
  return { ...base, changed: true, stepBack: isStepBack(deal.stage, params.to) };
}
