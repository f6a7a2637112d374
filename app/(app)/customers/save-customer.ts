'use server';
// saveCustomer — create (customerId null) or edit a customer from the customer form.
// Parses with the same zod schema the form uses for its hints; the org and the caller come from
// the verified claims and membership; RLS decides what may be written. Every refusal is an answer
// the form can show (field codes, a duplicate-number warning, forbidden / not found) — never a 500.
// On success: recompute the customer's tags after the response, and open the customer's page.
import { revalidatePath } from 'next/cache';
import { redirect, RedirectType } from 'next/navigation';
import { after } from 'next/server';
import { requireClaims } from '@/lib/auth/session.ts';
import { normalisePhone } from '@/lib/domain/vocabulary.ts';
import {
  findPhoneDuplicate,
  getCustomerForEdit,
  insertCustomer,
  listAssignableOwners,
  updateCustomer,
} from '@/lib/db/queries/customer-write.ts';
import { getCurrentMember } from '@/lib/db/queries/members.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { pgErrorCode } from '@/lib/http/route.ts';
import {
  CustomerInput,
  customerFieldErrors,
  customerFormValues,
  type SaveCustomerState,
} from '@/lib/validation/customer.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Saved = { saved: true; id: string; orgId: string };

export async function saveCustomer(customerId: string | null, _prev: SaveCustomerState, form: FormData): Promise<SaveCustomerState> {
  const claims = await requireClaims();
  const values = customerFormValues(form);
  const parsed = CustomerInput.safeParse({ ...values, confirm_duplicate: form.get('confirm_duplicate') });
  if (!parsed.success) return { status: 'invalid', fields: customerFieldErrors(parsed.error), values };
  if (customerId !== null && !UUID.test(customerId)) return { status: 'error', error: 'not_found', values };
  const { owner_id: requestedOwner, confirm_duplicate: confirmed, ...fields } = parsed.data;

  let result: Saved | SaveCustomerState;
  try {
    result = await withRls(claims, async (tx): Promise<Saved | SaveCustomerState> => {
      const member = await getCurrentMember(tx, { userId: claims.sub });
      if (!member) return { status: 'error', error: 'forbidden', values };
      const existing = customerId ? await getCustomerForEdit(tx, customerId) : null;
      if (customerId && !existing) return { status: 'error', error: 'not_found', values };

      // A rep's customers are their own; a manager/admin may pick anyone they can see (RLS checks again).
      let ownerId: string | null = null;
      if (member.role !== 'rep' && requestedOwner && requestedOwner !== existing?.owner_id) {
        const owners = await listAssignableOwners(tx);
        if (!owners.some((o) => o.user_id === requestedOwner)) {
          return { status: 'invalid', fields: { owner_id: 'owner_invalid' }, values };
        }
        ownerId = requestedOwner;
      }

      // Same number as another customer: say so once; "save anyway" comes back confirmed.
      const phoneChanged = fields.phone && fields.phone !== (existing?.phone ? (normalisePhone(existing.phone) ?? existing.phone) : null);
      if (phoneChanged && !confirmed) {
        const dup = await findPhoneDuplicate(tx, { orgId: member.org_id, phone: fields.phone!, exceptId: customerId });
        if (dup.taken) return { status: 'duplicate', existing: dup.visible, values };
      }

      if (existing) {
        const ok = await updateCustomer(tx, { id: existing.id, ownerId, fields });
        if (!ok) return { status: 'error', error: 'forbidden', values };
        return { saved: true, id: existing.id, orgId: member.org_id };
      }
      const id = await insertCustomer(tx, { orgId: member.org_id, ownerId: ownerId ?? member.user_id, fields });
      return { saved: true, id, orgId: member.org_id };
    });
  } catch (err) {
    const code = pgErrorCode(err);
    // 42501: RLS refused the row (e.g. an owner outside the caller's team); 23503: no such member.
    if (code === '42501') return { status: 'error', error: 'forbidden', values };
    if (code === '23503') return { status: 'invalid', fields: { owner_id: 'owner_invalid' }, values };
    console.error('[customers] save failed', err);
    return { status: 'error', error: 'server_error', values };
  }

  if (!('saved' in result)) return result;
  const { id, orgId } = result;
  after(() => recomputeSoon(orgId, [id]));
  // The list the user may go back to was kept by the client router: drop it, so it shows the change.
  revalidatePath('/customers');
  // Replace the form in the history: "back" from the customer's page goes where the user came from.
  redirect(`/customers/${id}`, RedirectType.replace);
}
