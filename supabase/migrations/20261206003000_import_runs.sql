-- One row per in-app import (POST /api/import), so an import cut short — the client went away,
-- the server was stopped or crashed — is not silent: the import screen tells the user, when
-- they come back, that it was interrupted and that nothing was written (docs/architecture.md,
-- "Imports").
--
-- The row is written in its own transaction before the import's transaction starts, and the
-- import's transaction holds a row lock on it (select … for update) until it ends. So a row
-- still 'running' whose lock nobody holds (`for update skip locked` finds it) is an import whose
-- server process or connection died: its transaction was rolled back by Postgres, and the
-- screen marks it 'interrupted'.
create table public.import_runs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  user_id uuid not null,
  dry boolean not null,
  total_rows integer not null default 0 check (total_rows >= 0),
  status text not null default 'running'
    check (status in ('running', 'committed', 'rolled_back', 'failed', 'interrupted')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  foreign key (org_id, user_id) references public.members (org_id, user_id) on delete cascade
);
create index import_runs_user_idx on public.import_runs (org_id, user_id, started_at desc);
alter table public.import_runs enable row level security;

-- A user's own runs only: who imported what is not shown to anyone else.
create policy import_runs_select on public.import_runs for select to authenticated
  using (org_id = (select private.my_org()) and user_id = (select auth.uid()));
-- Only managers and admins import (the route checks it too).
create policy import_runs_insert on public.import_runs for insert to authenticated
  with check (org_id = (select private.my_org()) and user_id = (select auth.uid())
              and (select private.my_role()) in ('manager', 'admin'));
create policy import_runs_update on public.import_runs for update to authenticated
  using (org_id = (select private.my_org()) and user_id = (select auth.uid()))
  with check (org_id = (select private.my_org()) and user_id = (select auth.uid()));
-- No delete policy: the history stays.
