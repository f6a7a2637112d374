'use server';
// saveCustomer — create (customerId null) or edit a customer from the customer form.
// memberAction: signed in, a member, the same zod schema the form uses for its hints; the org and
// the caller come from the verified claims and membership; RLS decides what may be written. Every refusal is an answer
// the form can show (field codes, a duplicate-number warning, forbidden / not found) — never a 500.
// On success: recompute the customer's tags after the response, and open the customer's page.
import { revalidatePath } from 'next/cache';
import { redirect, RedirectType } from 'next/navigation';
import { after } from 'next/server';
import { normalisePhone } from '@/lib/domain/vocabulary.ts';
import {
  findPhoneDuplicate,
  getCustomerForEdit,
  insertCustomer,
  listAssignableOwners,
  updateCustomer,
} from '@/lib/db/queries/customer-write.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { memberAction } from '@/lib/http/action.ts';
import {
  CustomerInput,
  customerFieldCodes,
  customerFormValues,
  type SaveCustomerState,
} from '@/lib/validation/customer.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Saved = { saved: true; id: string; orgId: string };

export async function saveCustomer(customerId: string | null, _prev: SaveCustomerState, form: FormData): Promise<SaveCustomerState> {
  const values = customerFormValues(form);
  const save = memberAction(
    {
      name: 'saveCustomer',
      input: CustomerInput,
      invalid: (problems): SaveCustomerState => ({ status: 'invalid', fields: customerFieldCodes(problems), values }),
      // No membership, or RLS refused the row (e.g. an owner outside the caller's team).
      refused: (): SaveCustomerState => ({ status: 'error', error: 'forbidden', values }),
      failed: (): SaveCustomerState => ({ status: 'error', error: 'server_error', values }),
      // No such member as owner.
      pgErrors: { '23503': (): SaveCustomerState => ({ status: 'invalid', fields: { owner_id: 'owner_invalid' }, values }) },
    },
    async ({ claims, member, input }): Promise<Saved | SaveCustomerState> => {
      if (customerId !== null && !UUID.test(customerId)) return { status: 'error', error: 'not_found', values };
      const { owner_id: requestedOwner, confirm_duplicate: confirmed, ...fields } = input;
      return withRls(claims, async (tx): Promise<Saved | SaveCustomerState> => {
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
    },
  );
  const result = await save({ ...values, confirm_duplicate: form.get('confirm_duplicate') });

  if (!('saved' in result)) return result;
  const { id, orgId } = result;
  after(() => recomputeSoon(orgId, [id]));
  // The list the user may go back to was kept by the client router: drop it, so it shows the change.
  revalidatePath('/customers');
  // Replace the form in the history: "back" from the customer's page goes where the user came from.
  redirect(`/customers/${id}`, RedirectType.replace);
}
