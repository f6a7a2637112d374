'use server';
// loadFlowCustomers — the customers behind one tag flow (e.g. 普通客户 → 高价值客户 this month),
// for the drill-down sheet. memberAction: managers and admins only; RLS limits a manager to their team.
import { flowCustomers } from '@/lib/db/queries/insights.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { memberAction } from '@/lib/http/action.ts';
import { FlowDrillInput } from './params.ts';

export type FlowDrillResult =
  | { ok: true; total: number; customers: { id: string; name: string; company: string | null; owner: string | null; changedAt: string }[] }
  | { ok: false };

const refused = (): FlowDrillResult => ({ ok: false });

const drill = memberAction(
  {
    name: 'loadFlowCustomers',
    input: FlowDrillInput,
    roles: ['manager', 'admin'],
    invalid: refused,
    refused,
    failed: (): never => {
      throw new Error('loadFlowCustomers failed');
    },
  },
  async ({ claims, member, input: q }): Promise<FlowDrillResult> => {
    const r = await withRls(claims, (tx) =>
      flowCustomers(tx, {
        orgId: member.org_id,
        dimension: q.dimension,
        fromValue: q.fromValue,
        toValue: q.toValue,
        from: new Date(q.periodFrom),
        to: new Date(q.periodTo),
      }),
    );
    return { ok: true, total: r.total, customers: r.customers.map((c) => ({ ...c, changedAt: c.changedAt.toISOString() })) };
  },
);

export async function loadFlowCustomers(input: unknown): Promise<FlowDrillResult> {
  return drill(input);
}
