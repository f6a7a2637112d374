-- Manual tags get a history too. A rep adding "#爱喝茶" or removing it is part of the customer's
-- story on their page, next to "普通客户 → 高价值客户" — so it goes to tag_changes, under the
-- dimension 'manual' (from_value = the tag removed, to_value = the tag added).
--
-- Reps may not write tag_changes themselves (the recompute's history must be trustworthy), so a
-- trigger on customer_tags writes the row: security definer, and it only ever copies what the
-- rep's own insert/delete (checked by the customer_tags policies) just did.

alter table public.tag_changes add column changed_by uuid;   -- who, for manual changes; null = the recompute

create or replace function private.record_manual_tag_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.tag_changes (org_id, customer_id, dimension, from_value, to_value, changed_by)
    values (new.org_id, new.customer_id, 'manual', null, new.tag, coalesce(new.created_by, (select auth.uid())));
    return new;
  end if;
  -- A tag removed because its customer (or org) is being deleted has nobody left to tell.
  if exists (select 1 from public.customers c where c.org_id = old.org_id and c.id = old.customer_id)
     and exists (select 1 from public.orgs o where o.id = old.org_id) then
    insert into public.tag_changes (org_id, customer_id, dimension, from_value, to_value, changed_by)
    values (old.org_id, old.customer_id, 'manual', old.tag, null, (select auth.uid()));
  end if;
  return old;
end $$;

revoke all on function private.record_manual_tag_change() from public;

create trigger customer_tags_manual_added after insert on public.customer_tags
  for each row when (new.kind = 'manual') execute function private.record_manual_tag_change();
create trigger customer_tags_manual_removed after delete on public.customer_tags
  for each row when (old.kind = 'manual') execute function private.record_manual_tag_change();
