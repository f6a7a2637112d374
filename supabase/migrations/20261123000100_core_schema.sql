-- Crystal CRM core schema (DESIGN.md §3). Every table carries org_id, every index leads
-- with it, every table has RLS enabled. Policies live in the next migration.

create extension if not exists pgcrypto with schema extensions;

-- Non-exposed schema for security-definer helpers (Supabase only exposes public via the API).
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Tenancy

create table public.orgs (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  -- per-org settings, e.g. {"survey_ttl_days": 14, "timezone": "Asia/Shanghai"}
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
alter table public.orgs enable row level security;

create table public.teams (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  unique (org_id, id)
);
create index teams_org_idx on public.teams (org_id, name);
alter table public.teams enable row level security;

create type public.member_role as enum ('rep', 'manager', 'admin');

-- One membership per user: the org of a request is derived from the verified `sub`.
create table public.members (
  user_id uuid primary key references auth.users (id) on delete cascade,
  org_id uuid not null references public.orgs (id) on delete cascade,
  role public.member_role not null default 'rep',
  team_id uuid,
  display_name text not null check (length(display_name) between 1 and 100),
  email text,
  phone text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  foreign key (org_id, team_id) references public.teams (org_id, id),
  unique (org_id, user_id)
);
create index members_org_team_idx on public.members (org_id, team_id);
create index members_org_role_idx on public.members (org_id, role);
alter table public.members enable row level security;

-- ---------------------------------------------------------------------------
-- Customers and what reps log about them

create type public.customer_kind as enum ('b2b', 'b2c');
create type public.needs_kind as enum ('product', 'service', 'both');

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  owner_id uuid not null,
  external_id text,
  name text not null check (length(name) between 1 and 200),
  kind public.customer_kind not null default 'b2b',
  industry text,
  region text,
  phone text,
  email text,
  wechat text,
  company text,
  needs public.needs_kind,
  source text,
  merged_into uuid references public.customers (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (org_id, owner_id) references public.members (org_id, user_id),
  unique (org_id, id)
);
create index customers_org_owner_idx on public.customers (org_id, owner_id);
create unique index customers_org_external_idx on public.customers (org_id, external_id) where external_id is not null;
create index customers_org_name_idx on public.customers (org_id, name);
create index customers_org_phone_idx on public.customers (org_id, phone) where phone is not null;
alter table public.customers enable row level security;

create type public.interaction_kind as enum ('visit', 'call', 'feedback', 'complaint', 'suggestion', 'message', 'meeting');
create type public.initiator as enum ('rep', 'customer');
create type public.attitude as enum ('accept', 'doubt');
create type public.cognition as enum ('vague', 'specific');
create type public.sentiment as enum ('positive', 'neutral', 'negative');

create table public.interactions (
  id uuid primary key,             -- made by the client: the idempotency key of an offline log
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  rep_id uuid not null,
  kind public.interaction_kind not null,
  initiated_by public.initiator not null default 'rep',
  occurred_at timestamptz not null,
  duration_min int check (duration_min between 0 and 1440),
  attitude public.attitude,
  cognition public.cognition,
  sentiment public.sentiment,
  note text check (length(note) <= 5000),
  next_step text check (length(next_step) <= 500),
  follow_up_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  foreign key (org_id, rep_id) references public.members (org_id, user_id)
);
create index interactions_org_customer_idx on public.interactions (org_id, customer_id, occurred_at desc);
create index interactions_org_rep_idx on public.interactions (org_id, rep_id);
alter table public.interactions enable row level security;

create type public.deal_stage as enum ('needs', 'demo', 'quote', 'contract', 'won', 'lost');

create table public.deals (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  external_id text,
  title text,
  stage public.deal_stage not null default 'needs',
  amount numeric(14, 2) check (amount >= 0),
  premium boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  unique (org_id, id)
);
create index deals_org_customer_idx on public.deals (org_id, customer_id);
create unique index deals_org_external_idx on public.deals (org_id, external_id) where external_id is not null;
alter table public.deals enable row level security;

create table public.deal_stage_changes (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  deal_id uuid not null,
  customer_id uuid not null,   -- denormalised from the deal so RLS and features need no join
  from_stage public.deal_stage,
  to_stage public.deal_stage not null,
  changed_at timestamptz not null default now(),
  changed_by uuid,
  foreign key (org_id, deal_id) references public.deals (org_id, id) on delete cascade,
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index deal_stage_changes_org_customer_idx on public.deal_stage_changes (org_id, customer_id, changed_at);
create index deal_stage_changes_org_deal_idx on public.deal_stage_changes (org_id, deal_id, changed_at);
alter table public.deal_stage_changes enable row level security;

create type public.order_kind as enum ('product', 'service');

create table public.orders (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  amount numeric(14, 2) not null check (amount >= 0),
  discount_used boolean not null default false,
  premium boolean not null default false,
  kind public.order_kind not null default 'product',
  ordered_at timestamptz not null,
  created_at timestamptz not null default now(),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index orders_org_customer_idx on public.orders (org_id, customer_id, ordered_at);
alter table public.orders enable row level security;

create table public.surveys (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  token_hash text unique,      -- sha-256 of the link token; the token itself is never stored
  created_by uuid,
  created_at timestamptz not null default now(),   -- = sent
  expires_at timestamptz not null default now() + interval '14 days',
  answered_at timestamptz,
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  unique (org_id, id)
);
create index surveys_org_customer_idx on public.surveys (org_id, customer_id, created_at);
alter table public.surveys enable row level security;

create table public.survey_responses (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  survey_id uuid not null unique,
  customer_id uuid not null,
  nps int not null check (nps between 0 and 10),
  csat int not null check (csat between 1 and 5),
  comment text check (length(comment) <= 2000),
  created_at timestamptz not null default now(),
  foreign key (org_id, survey_id) references public.surveys (org_id, id) on delete cascade,
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index survey_responses_org_customer_idx on public.survey_responses (org_id, customer_id);
alter table public.survey_responses enable row level security;

-- ---------------------------------------------------------------------------
-- Classification results

create table public.classification_rules (
  org_id uuid primary key references public.orgs (id) on delete cascade,
  rules jsonb not null default '{}'::jsonb,   -- partial override of the engine's defaults, zod-validated
  updated_at timestamptz not null default now(),
  updated_by uuid
);
alter table public.classification_rules enable row level security;

create table public.customer_profiles (
  customer_id uuid primary key,
  org_id uuid not null references public.orgs (id) on delete cascade,
  relationship_type text not null,
  relationship_secondary text,
  funnel_stage text,
  value_tier text not null,
  lifecycle text not null,
  loyalty text not null,
  churn_risk real not null default 0 check (churn_risk between 0 and 1),
  needs text,
  priority real not null default 0,
  reasons jsonb not null default '{}'::jsonb,
  features jsonb,
  computed_at timestamptz not null default now(),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index customer_profiles_org_idx on public.customer_profiles (org_id, priority desc);
create index customer_profiles_org_rel_idx on public.customer_profiles (org_id, relationship_type);
alter table public.customer_profiles enable row level security;

create type public.tag_kind as enum ('fact', 'model', 'manual');

create table public.customer_tags (
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  tag text not null check (length(tag) between 1 and 60),
  kind public.tag_kind not null,
  reasons jsonb not null default '[]'::jsonb,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (org_id, customer_id, tag),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index customer_tags_org_tag_idx on public.customer_tags (org_id, tag);
alter table public.customer_tags enable row level security;

create table public.tag_changes (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  dimension text not null,
  from_value text,
  to_value text,
  reasons jsonb not null default '[]'::jsonb,
  changed_at timestamptz not null default now(),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index tag_changes_org_customer_idx on public.tag_changes (org_id, customer_id, changed_at desc);
create index tag_changes_org_time_idx on public.tag_changes (org_id, changed_at desc, dimension);
alter table public.tag_changes enable row level security;

create table public.recompute_runs (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.orgs (id) on delete cascade,
  scope text not null check (scope in ('org', 'customers')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  customers int,
  changed int,
  error text
);
create index recompute_runs_org_idx on public.recompute_runs (org_id, started_at desc);
alter table public.recompute_runs enable row level security;

-- ---------------------------------------------------------------------------
-- Reminders and push

create type public.reminder_status as enum ('open', 'done', 'snoozed', 'dismissed');

create table public.reminders (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  assignee_id uuid not null,
  kind text not null,
  due_at timestamptz not null,
  reason jsonb not null default '{}'::jsonb,    -- {zh, en, rule, ...}
  status public.reminder_status not null default 'open',
  dedupe_key text not null,
  snoozed_until timestamptz,
  closed_at timestamptz,
  close_note text,
  notified_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  foreign key (org_id, assignee_id) references public.members (org_id, user_id),
  unique (org_id, dedupe_key),
  unique (org_id, id)
);
create index reminders_org_assignee_idx on public.reminders (org_id, assignee_id, status, due_at);
create index reminders_org_customer_idx on public.reminders (org_id, customer_id);
alter table public.reminders enable row level security;

create table public.push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  user_id uuid not null,
  endpoint text not null unique check (endpoint ~ '^https://'),
  p256dh text not null,
  auth text not null,
  user_agent text,
  created_at timestamptz not null default now(),
  foreign key (org_id, user_id) references public.members (org_id, user_id) on delete cascade
);
create index push_subscriptions_org_user_idx on public.push_subscriptions (org_id, user_id);
alter table public.push_subscriptions enable row level security;

create table public.notifications (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.orgs (id) on delete cascade,
  reminder_id uuid not null,
  subscription_id uuid references public.push_subscriptions (id) on delete set null,
  channel text not null default 'webpush',
  status text not null,
  http_status int,
  attempts int not null default 1,
  error text,
  sent_at timestamptz not null default now(),
  foreign key (org_id, reminder_id) references public.reminders (org_id, id) on delete cascade
);
create index notifications_org_reminder_idx on public.notifications (org_id, reminder_id);
alter table public.notifications enable row level security;

-- updated_at maintenance
create or replace function private.touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;
create trigger customers_touch before update on public.customers for each row execute function private.touch_updated_at();
create trigger deals_touch before update on public.deals for each row execute function private.touch_updated_at();
