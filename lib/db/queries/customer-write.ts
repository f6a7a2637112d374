// Creating and editing customers. Run inside withRls: the customers policy decides who may write
// which row (a rep their own book; a manager within the team, which also bounds reassignment; an
// admin the org) — these functions never widen that, they only shape the statements.
import type { CustomerKind } from '../../domain/vocabulary.ts';
import { searchKey } from '../../search/pinyin.ts';
import type { CustomerInput } from '../../validation/customer.ts';
import type { Tx } from '../with-rls.ts';

export type CustomerForEdit = {
  id: string;
  org_id: string;
  owner_id: string;
  owner_name: string | null;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  kind: CustomerKind;
  industry: string | null;
  region: string | null;
  needs: 'product' | 'service' | 'both' | null;
};

export type CustomerFields = Omit<CustomerInput, 'owner_id' | 'confirm_duplicate'>;

export async function getCustomerForEdit(tx: Tx, id: string): Promise<CustomerForEdit | null> {
  const [row] = await tx<CustomerForEdit[]>`
    select c.id, c.org_id, c.owner_id, m.display_name as owner_name, c.name, c.company, c.phone, c.email, c.wechat,
           c.kind, c.industry, c.region, c.needs
      from public.customers c
      left join public.members m on m.org_id = c.org_id and m.user_id = c.owner_id
     where c.id = ${id} and c.merged_into is null`;
  return row ?? null;
}

export type OwnerOption = { user_id: string; display_name: string };

/** Whom the caller may give a customer to: themselves (rep), their team (manager), the org (admin). */
export async function listAssignableOwners(tx: Tx): Promise<OwnerOption[]> {
  return tx<OwnerOption[]>`
    select m.user_id, m.display_name from public.members m
     where m.active and m.user_id = any ((select private.visible_owner_ids())::uuid[])
     order by m.display_name, m.user_id`;
}

export type PhoneDuplicate = {
  /** A customer with this number the caller can see (and open). */
  visible: { id: string; name: string } | null;
  /** Someone in the org has it — possibly a colleague's customer the caller cannot see. */
  taken: boolean;
};

/** Other customers with the same number (digits compared, a leading 86 ignored). */
export async function findPhoneDuplicate(tx: Tx, params: { orgId: string; phone: string; exceptId?: string | null }): Promise<PhoneDuplicate> {
  const except = params.exceptId ?? null;
  const [visible] = await tx<{ id: string; name: string }[]>`
    select c.id, c.name from public.customers c
     where c.org_id = ${params.orgId} and c.merged_into is null and c.phone is not null
       and (${except}::uuid is null or c.id <> ${except}::uuid)
       and private.phone_digits(c.phone) = private.phone_digits(${params.phone})
     order by c.created_at limit 1`;
  if (visible) return { visible, taken: true };
  const [row] = await tx<{ taken: boolean }[]>`select private.customer_phone_taken(${params.phone}, ${except}::uuid) as taken`;
  return { visible: null, taken: row?.taken ?? false };
}

export async function insertCustomer(tx: Tx, params: { orgId: string; ownerId: string; fields: CustomerFields }): Promise<string> {
  const f = params.fields;
  const [row] = await tx<{ id: string }[]>`
    insert into public.customers (org_id, owner_id, name, company, phone, email, wechat, kind, industry, region, needs, search_pinyin)
    values (${params.orgId}, ${params.ownerId}, ${f.name}, ${f.company}, ${f.phone}, ${f.email}, ${f.wechat}, ${f.kind},
            ${f.industry}, ${f.region}, ${f.needs}, ${searchKey(f.name, f.company)})
    returning id`;
  return row!.id;
}

/**
 * Updates the editable fields (and the owner, when given). Returns false when no row was changed:
 * the customer is gone, merged, or not the caller's to edit.
 */
export async function updateCustomer(tx: Tx, params: { id: string; ownerId?: string | null; fields: CustomerFields }): Promise<boolean> {
  const f = params.fields;
  const rows = await tx`
    update public.customers set
      name = ${f.name}, company = ${f.company}, phone = ${f.phone}, email = ${f.email}, wechat = ${f.wechat},
      kind = ${f.kind}, industry = ${f.industry}, region = ${f.region}, needs = ${f.needs},
      search_pinyin = ${searchKey(f.name, f.company)}
      ${params.ownerId ? tx`, owner_id = ${params.ownerId}` : tx``}
     where id = ${params.id} and merged_into is null
    returning id`;
  return rows.length === 1;
}
