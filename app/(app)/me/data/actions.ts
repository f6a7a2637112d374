'use server';
// Server actions of the data screen: merge two duplicate customers, undo a merge, say a pair is
// not duplicates (hidden for good). Ids are parsed
// with zod; the SQL functions decide who may (managers/admins who see both customers) and refuse
// with a code, answered here in the reader's language. The kept customer (after undo: both) is
// recomputed after the response.
import { revalidatePath } from 'next/cache';
import { after } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { dismissDuplicatePair } from '@/lib/dedupe/candidates.ts';
import { getCurrentMember } from '@/lib/db/queries/members.ts';
import { mergeCustomers, MergeRefused, undoMerge } from '@/lib/db/queries/merge.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { requireClaims } from '@/lib/auth/session.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';

export type MergeState = { ok: boolean; message?: string };

const MergeInput = z.object({
  keepId: z.uuid(),
  dropId: z.uuid(),
  reasons: z.array(z.enum(['phone', 'email', 'name_company'])).max(3).default([]),
});

async function run<T>(fn: (orgId: string) => Promise<T>): Promise<MergeState & { value?: T }> {
  const t = await getTranslations('data.problems');
  try {
    const claims = await requireClaims();
    const member = await withRls(claims, (tx) => getCurrentMember(tx, { userId: claims.sub }));
    if (!member || (member.role !== 'manager' && member.role !== 'admin')) return { ok: false, message: t('merge_forbidden') };
    return { ok: true, value: await fn(member.org_id) };
  } catch (err) {
    if (err instanceof MergeRefused) return { ok: false, message: t(err.code) };
    // RLS refused a write: a customer the caller does not see (or no longer in the org)
    if ((err as { code?: string }).code === '42501') return { ok: false, message: t('merge_not_found') };
    console.error('[data] merge action failed', err);
    return { ok: false, message: t('server_error') };
  }
}

export async function mergeAction(input: { keepId: string; dropId: string; reasons: string[] }): Promise<MergeState> {
  const parsed = MergeInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: (await getTranslations('data.problems'))('merge_not_found') };
  const { keepId, dropId, reasons } = parsed.data;
  const res = await run(async (orgId) => {
    const claims = await requireClaims();
    await withRls(claims, (tx) => mergeCustomers(tx, { keepId, dropId, reasons }));
    after(() => recomputeSoon(orgId, [keepId]));
  });
  if (res.ok) revalidatePath('/me/data');
  return { ok: res.ok, message: res.message };
}

export async function undoMergeAction(input: { mergeId: string }): Promise<MergeState> {
  const parsed = z.object({ mergeId: z.uuid() }).safeParse(input);
  if (!parsed.success) return { ok: false, message: (await getTranslations('data.problems'))('merge_not_found') };
  const res = await run(async (orgId) => {
    const claims = await requireClaims();
    const both = await withRls(claims, (tx) => undoMerge(tx, { mergeId: parsed.data.mergeId }));
    after(() => recomputeSoon(orgId, [both.keptId, both.mergedId]));
  });
  if (res.ok) revalidatePath('/me/data');
  return { ok: res.ok, message: res.message };
}

/** "Not duplicates": the pair is not listed again (lib/dedupe/candidates.ts). Nothing else changes. */
export async function dismissPairAction(input: { aId: string; bId: string }): Promise<MergeState> {
  const parsed = z.object({ aId: z.uuid(), bId: z.uuid() }).safeParse(input);
  if (!parsed.success) return { ok: false, message: (await getTranslations('data.problems'))('merge_not_found') };
  const res = await run(async (orgId) => {
    const claims = await requireClaims();
    return withRls(claims, (tx) => dismissDuplicatePair(tx, { orgId, ...parsed.data }));
  });
  if (res.ok && !res.value) return { ok: false, message: (await getTranslations('dedupeDismiss'))('same') };
  if (res.ok) revalidatePath('/me/data');
  return { ok: res.ok, message: res.message };
}
