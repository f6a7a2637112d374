'use server';
// loadFlowCustomers — the customers behind one tag flow (e.g. 普通客户 → 高价值客户 this month),
// for the drill-down sheet. Managers and admins only; RLS limits a manager to their team.
import { requireClaims } from '@/lib/auth/session.ts';
import { flowCustomers } from '@/lib/db/queries/insights.ts';
import { getCurrentMember } from '@/lib/db/queries/members.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { canSeeTeam } from '../_lib/me.ts';
import { FlowDrillInput } from './params.ts';

export type FlowDrillResult =
  | { ok: true; total: number; customers: { id: string; name: string; company: string | null; owner: string | null; changedAt: string }[] }
  | { ok: false };

export async function loadFlowCustomers(input: unknown): Promise<FlowDrillResult> {
  const claims = await requireClaims();
  const parsed = FlowDrillInput.safeParse(input);
  if (!parsed.success) return { ok: false };
  const q = parsed.data;
  return withRls(claims, async (tx) => {
    const member = await getCurrentMember(tx, { userId: claims.sub });
    if (!member || !canSeeTeam(member.role)) return { ok: false } as const;
    const r = await flowCustomers(tx, {
      orgId: member.org_id,
      dimension: q.dimension,
      fromValue: q.fromValue,
      toValue: q.toValue,
      from: new Date(q.periodFrom),
      to: new Date(q.periodTo),
    });
    return { ok: true, total: r.total, customers: r.customers.map((c) => ({ ...c, changedAt: c.changedAt.toISOString() })) } as const;
  });
}
