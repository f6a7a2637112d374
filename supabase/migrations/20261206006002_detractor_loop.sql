-- The detractor loop (issue 14): an unhappy customer raises something at once, for the owner
-- and for their manager, instead of waiting for the next recompute.
--
-- A survey answer with NPS ≤ 6 or CSAT ≤ 2, or a complaint logged with a negative sentiment,
-- creates a reminder of kind 'detractor' for the customer's owner, due now ("24 小时内回访").
-- 今日 ranks it first (lib/engine/today.ts); the manager's 团队 tab lists the team's open ones
-- and marks those still open after 24 h as escalated (lib/db/queries/team.ts escalations()).
-- Closing it asks the rep for the outcome, which goes on the timeline as an interaction
-- (lib/db/queries/reminders.ts completeReminder).
--
-- History is not an alarm: an answer or complaint older than 3 days when it is written (an
-- imported CSV, the demo's back-story) raises nothing. The dedupe key names the answer or the
-- complaint, so a retry or a re-import never raises it twice; the playbook never closes this
-- kind (its close list is its own kinds only).

create or replace function private.raise_detractor(
  p_org uuid, p_customer uuid, p_key text, p_at timestamptz, p_reason jsonb) returns void
language plpgsql security definer set search_path = '' as $$
begin
  if p_at < now() - interval '3 days' then
    return;
  end if;
  insert into public.reminders (org_id, customer_id, assignee_id, kind, due_at, reason, dedupe_key)
  select c.org_id, c.id, c.owner_id, 'detractor', now(), p_reason, p_key
    from public.customers c
   where c.org_id = p_org and c.id = p_customer and c.merged_into is null
  on conflict (org_id, dedupe_key) do nothing;
end $$;
revoke all on function private.raise_detractor(uuid, uuid, text, timestamptz, jsonb) from public, anon, authenticated;

create or replace function private.survey_response_detractor() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.nps <= 6 or new.csat <= 2 then
    perform private.raise_detractor(new.org_id, new.customer_id, 'detractor:survey:' || new.id::text, new.created_at,
      jsonb_build_object(
        'rule', 'detractor.survey',
        'params', jsonb_build_object('nps', new.nps, 'csat', new.csat, 'comment', coalesce(left(new.comment, 60), '')),
        'zh', '差评（NPS ' || new.nps || '，满意度 ' || new.csat || '）：24 小时内回访'
              || coalesce('——“' || left(new.comment, 40) || '”', ''),
        'en', 'detractor (NPS ' || new.nps || ', CSAT ' || new.csat || '): call back within 24 h'
              || coalesce(' — "' || left(new.comment, 40) || '"', '')));
  end if;
  return new;
end $$;
create trigger survey_responses_detractor after insert on public.survey_responses
  for each row execute function private.survey_response_detractor();

create or replace function private.interaction_detractor() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.kind = 'complaint' and new.sentiment = 'negative' then
    perform private.raise_detractor(new.org_id, new.customer_id, 'detractor:complaint:' || new.id::text, new.occurred_at,
      jsonb_build_object(
        'rule', 'detractor.complaint',
        'params', jsonb_build_object('note', coalesce(left(new.note, 60), '')),
        'zh', '客户投诉（负面）：24 小时内回访' || coalesce('——“' || left(new.note, 40) || '”', ''),
        'en', 'negative complaint: call back within 24 h' || coalesce(' — "' || left(new.note, 40) || '"', '')));
  end if;
  return new;
end $$;
create trigger interactions_detractor after insert on public.interactions
  for each row execute function private.interaction_detractor();

-- Open detractor reminders per org, for the Team tab's list (few rows: a partial index).
create index if not exists reminders_detractor_open_idx on public.reminders (org_id, created_at)
  where kind = 'detractor' and status in ('open', 'snoozed');
