// POST /api/customers/[id]/owner — reassign a customer {owner_id}; its open and snoozed reminders follow
// One statement under the caller's RLS (lib/db/queries/team.ts reassignCustomer): the customer
// must be one the caller sees, the new owner one they may assign to (a manager: a rep of their
// own team; an admin: any active member). A trigger moves the reminders and records the change
// in customer_owner_changes (migration 20261125000600). Reassigning to the current owner is a
// no-op. The new owner's book changes, so the customer is recomputed (its reminders are the
// playbook's, made for the owner).
// 200 {customer_id, owner_id, owner_name, changed, reminders_moved}.
// Problems: 400 bad body, 401, 403 a rep (only managers and admins reassign) or an owner the
// caller may not assign to, 404 not an id / not a customer the caller sees (another team's
// customer is not confirmed to exist).
import { after, NextResponse } from 'next/server';
import { z } from 'zod';
import { reassignCustomer } from '@/lib/db/queries/team.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { problem, say } from '@/lib/http/problem.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { ReassignInput, type ReassignResponse } from '@/lib/validation/team.ts';
import type zh from '@/messages/zh-CN.json';

type ErrorKey = keyof (typeof zh)['team']['errors'];
const refuse = (status: number, key: ErrorKey) => problem(status, key, say(`team.errors.${key}`));

export const POST = memberRoute<typeof ReassignInput, { id: string }>(
  { body: ReassignInput, maxBytes: 1024, name: 'POST /api/customers/[id]/owner' },
  async ({ claims, member, body, params }) => {
    if (member.role === 'rep') return refuse(403, 'reps_cannot_reassign');
    const id = z.uuid().safeParse(params.id);
    if (!id.success) return refuse(404, 'customer_not_found');
    const result = await withRls(claims, (tx) => reassignCustomer(tx, { customerId: id.data, ownerId: body.owner_id }));
    switch (result.status) {
      case 'not_a_manager':
        return refuse(403, 'reps_cannot_reassign');
      case 'not_found':
        return refuse(404, 'customer_not_found');
      case 'owner_not_allowed':
        return refuse(403, member.role === 'admin' ? 'owner_not_in_org' : 'owner_not_in_team');
    }
    if (result.changed) after(() => recomputeSoon(member.org_id, [id.data]));
    const answer: ReassignResponse = {
      customer_id: id.data,
      owner_id: result.owner_id,
      owner_name: result.owner_name,
      changed: result.changed,
      reminders_moved: result.reminders_moved,
    };
    return NextResponse.json(answer, { headers: { 'cache-control': 'no-store' } });
  },
);
