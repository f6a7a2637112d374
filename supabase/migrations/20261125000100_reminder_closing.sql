-- Reminders: who closed them and why (the playbook, lib/engine/playbook.ts, wired in
-- supabase/functions/_shared/reminders.ts).
--
-- Four ways a reminder stops being open, kept apart so a rep's completion rate counts only
-- what the rep did:
--   done       the rep did it (closed_by = the rep)
--   dismissed  the rep decided not to (close_reason = a choice from the app, close_note = free text)
--   closed     the recompute found its reason no longer holds (closed_by null, close_reason
--              'auto', close_note / close_note_en = the playbook's note: "已不再是潜在流失客户")
--   snoozed    not closed: hidden until snoozed_until, then due again
-- A reminder in any of the three closed states keeps its dedupe_key, and the playbook inserts
-- with `on conflict (org_id, dedupe_key) do nothing`, so it never comes back.

alter type public.reminder_status add value if not exists 'closed';

alter table public.reminders
  add column closed_by uuid,
  add column close_reason text check (close_reason ~ '^[a-z_]{1,40}$'),
  add column close_note_en text;
alter table public.reminders add constraint reminders_close_note_len check (length(close_note) <= 500 and length(close_note_en) <= 500);

-- The recompute reads a run's open and snoozed reminders (all of an org's, nightly).
create index reminders_org_customer_open_idx on public.reminders (org_id, customer_id)
  where status in ('open', 'snoozed');
-- …and the follow-up dates reps set on the log sheet (few interactions have one).
create index interactions_org_follow_up_idx on public.interactions (org_id, follow_up_at)
  where follow_up_at is not null;

-- What a member may change on a reminder they can see (RLS decides which): its state, and its
-- assignee (a manager reassigning a customer moves its open reminders). Kind, due time, reason
-- and dedupe key are the playbook's.
revoke update on public.reminders from authenticated;
grant update (status, snoozed_until, closed_at, closed_by, close_reason, close_note, notified_at, assignee_id)
  on public.reminders to authenticated;

-- Stamp who closed a reminder and when, from the verified caller rather than the request.
create or replace function private.reminders_stamp_close() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.status is distinct from old.status then
    if new.status::text in ('done', 'dismissed', 'closed') then
      new.closed_at := coalesce(new.closed_at, now());
      new.closed_by := (select auth.uid()); -- null for the service role (the playbook)
    elsif new.status::text in ('open', 'snoozed') then
      new.closed_at := null;
      new.closed_by := null;
    end if;
  end if;
  return new;
end $$;
create trigger reminders_stamp_close before update of status on public.reminders
  for each row execute function private.reminders_stamp_close();
