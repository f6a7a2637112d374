-- Re-fits of an org's relationship weights from its hand-set types (issue 16 item 5;
-- `npm run eval:classify -- --org <slug> --refit --apply --as <admin e-mail>`): each applied
-- re-fit keeps the org's rules override before and after, the labels it learned from and the
-- agreement it reached, so it can be shown and undone (`--undo` puts `before` back and stamps
-- undone_at). Written only by that command (service connection); admins of the org may read
-- their org's history. Nobody else sees it — weights are the admin's business, like rules.

create table public.rules_refits (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.orgs (id) on delete cascade,
  before jsonb not null,                 -- classification_rules.rules before the re-fit
  after jsonb not null,                  -- … and after it
  labels int not null check (labels > 0),
  agree_before int not null,
  agree_after int not null,
  applied_by uuid not null,              -- an admin of the org (checked by the command)
  applied_at timestamptz not null default now(),
  undone_at timestamptz,
  undone_by uuid
);
create index rules_refits_org_idx on public.rules_refits (org_id, applied_at desc);
alter table public.rules_refits enable row level security;
revoke all on public.rules_refits from anon, authenticated;
grant select on public.rules_refits to authenticated;

create policy rules_refits_select on public.rules_refits for select to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');
