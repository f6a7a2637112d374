-- Learning labels (issue 16, docs/engine.md "Evaluation"): when a person sets a customer's
-- relationship type by hand, keep it as a label — which type, who, in what role, when, and what
-- the engine said at that moment — so `npm run eval:classify -- --org <slug>` can measure how far
-- the engine agrees with the people who know the customer, and a later re-fit has data to learn from.
--
-- The hand-set type is the manual tag that already exists (customer_tags kind 'manual', added on
-- the customer page): a tag naming a type — 自主型 / 依赖型 / 忠诚型, or Autonomous / Dependent /
-- Loyal — is that person's type for the customer. tag_changes already records the tag's who and
-- when, but not the role, not what the engine said then, and not that it is a type at all; so a
-- table of its own, written only by a trigger (like tag_changes for manual tags) from what the
-- member's own insert — checked by the customer_tags policies — just did. Whoever may tag the
-- customer may label it: its owner (the rep), their manager, an admin.
-- Removing the tag withdraws the label (retracted_at); the row stays as history.

create table public.type_labels (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  label text not null check (label in ('autonomous', 'dependent', 'loyal')),
  engine_type text,                      -- customer_profiles.relationship_type when labelled; null = not classified yet
  tag text not null,                     -- the manual tag that set it, as stored
  labelled_by uuid not null,
  labelled_role public.member_role not null,
  labelled_at timestamptz not null default now(),
  retracted_at timestamptz,
  retracted_by uuid,
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index type_labels_org_customer_idx on public.type_labels (org_id, customer_id, labelled_at desc);
alter table public.type_labels enable row level security;
revoke all on public.type_labels from anon, authenticated;
grant select on public.type_labels to authenticated;

-- Visible exactly when its customer is (one definition of "visible customer"); nobody writes it
-- but the trigger below.
create policy type_labels_select on public.type_labels for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.customers c where c.id = customer_id));

-- The type a tag names, or null. Tags are stored normalised (lib/validation/tag.ts: trimmed, no
-- leading #), so exact names suffice; English is matched case-insensitively.
create or replace function private.type_label_of(tag text) returns text
language sql immutable set search_path = '' as $$
  select case lower(tag)
    when '自主型' then 'autonomous' when 'autonomous' then 'autonomous'
    when '依赖型' then 'dependent' when 'dependent' then 'dependent'
    when '忠诚型' then 'loyal' when 'loyal' then 'loyal'
  end
$$;

create or replace function private.record_type_label() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_label text;
  v_who uuid;
  v_role public.member_role;
begin
  if tg_op = 'INSERT' then
    v_label := private.type_label_of(new.tag);
    if v_label is null then return new; end if;
    v_who := coalesce(new.created_by, (select auth.uid()));
    select m.role into v_role from public.members m where m.user_id = v_who and m.org_id = new.org_id;
    -- a tag written by no member of this org (a service-side copy) credits nobody: no label
    if v_role is null then return new; end if;
    insert into public.type_labels (org_id, customer_id, label, engine_type, tag, labelled_by, labelled_role)
    values (new.org_id, new.customer_id, v_label,
            (select p.relationship_type from public.customer_profiles p where p.customer_id = new.customer_id),
            new.tag, v_who, v_role);
    return new;
  end if;
  v_label := private.type_label_of(old.tag);
  -- a tag removed because its customer (or org) is being deleted: the labels go with it
  if v_label is not null
     and exists (select 1 from public.customers c where c.org_id = old.org_id and c.id = old.customer_id) then
    update public.type_labels set retracted_at = now(), retracted_by = (select auth.uid())
     where org_id = old.org_id and customer_id = old.customer_id and tag = old.tag and retracted_at is null;
  end if;
  return old;
end $$;

revoke all on function private.record_type_label(), private.type_label_of(text) from public;

create trigger customer_tags_type_label_added after insert on public.customer_tags
  for each row when (new.kind = 'manual') execute function private.record_type_label();
create trigger customer_tags_type_label_removed after delete on public.customer_tags
  for each row when (old.kind = 'manual') execute function private.record_type_label();
