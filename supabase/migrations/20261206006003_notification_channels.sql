-- Delivery that reaches phones in China (issue 14): a notification channel per member, the
-- org's 企业微信 app, and a delivery record that makes "once per channel" a database fact.
--
-- member_channels    the member's choice (webpush | wecom | email) and their WeCom userid /
--                    e-mail; each member reads and writes only their own row.
-- private.wecom_apps the org's WeCom app: corpid, agentid and the secret. In the private
--                    schema with no grant to any API role: the secret never reaches a browser;
--                    only the service role (edge functions) reads it. (On Supabase the secret may
--                    instead be a function secret, WECOM_SECRET.)
-- private.wecom_tokens the org's access_token, cached until expires_in (one per corp app).
-- reminder_deliveries one row per (reminder, channel), unique: a reminder is sent once per
--                    channel whatever the retries or overlapping runs; attempts, the last error and
--                    when to try again are on the row (retried with backoff by the sender).

create table public.member_channels (
  org_id uuid not null references public.orgs (id) on delete cascade,
  user_id uuid not null,
  channel text not null default 'webpush' check (channel in ('webpush', 'wecom', 'email')),
  wecom_userid text check (wecom_userid ~ '^[A-Za-z0-9_.@-]{1,64}$'),
  email text check (length(email) <= 254 and email ~ '^[^@\s]+@[^@\s]+$'),
  updated_at timestamptz not null default now(),
  primary key (org_id, user_id),
  foreign key (org_id, user_id) references public.members (org_id, user_id) on delete cascade,
  check (channel <> 'wecom' or wecom_userid is not null),
  check (channel <> 'email' or email is not null)
);
alter table public.member_channels enable row level security;
create policy member_channels_select on public.member_channels for select to authenticated
  using (org_id = (select private.my_org()) and user_id = (select auth.uid()));
create policy member_channels_insert on public.member_channels for insert to authenticated
  with check (org_id = (select private.my_org()) and user_id = (select auth.uid()));
create policy member_channels_update on public.member_channels for update to authenticated
  using (org_id = (select private.my_org()) and user_id = (select auth.uid()))
  with check (org_id = (select private.my_org()) and user_id = (select auth.uid()));
grant select, insert, update on public.member_channels to authenticated;

create table private.wecom_apps (
  org_id uuid primary key references public.orgs (id) on delete cascade,
  corpid text not null,
  agentid int not null,
  secret text not null,
  base_url text not null default 'https://qyapi.weixin.qq.com' check (base_url ~ '^https://')
);
create table private.wecom_tokens (
  org_id uuid primary key references public.orgs (id) on delete cascade,
  access_token text not null,
  expires_at timestamptz not null
);
revoke all on private.wecom_apps, private.wecom_tokens from public, anon, authenticated;
alter table private.wecom_apps enable row level security;
alter table private.wecom_tokens enable row level security;

create table public.reminder_deliveries (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.orgs (id) on delete cascade,
  reminder_id uuid not null,
  channel text not null check (channel in ('webpush', 'wecom', 'email')),
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts int not null default 0,
  last_error text check (length(last_error) <= 500),
  next_attempt_at timestamptz not null default now(),
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  unique (reminder_id, channel),
  foreign key (org_id, reminder_id) references public.reminders (org_id, id) on delete cascade
);
create index reminder_deliveries_pending_idx on public.reminder_deliveries (next_attempt_at) where status = 'pending';
alter table public.reminder_deliveries enable row level security;
-- Who may see a delivery: whoever sees its reminder (the reminders policy decides).
create policy reminder_deliveries_select on public.reminder_deliveries for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.reminders r where r.id = reminder_id));
grant select on public.reminder_deliveries to authenticated;
