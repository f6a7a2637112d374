-- "Is this number already a customer?" answered only within what the caller's team may know
-- (issue 13 finding 12). Until now it looked across the whole org, so a rep could learn that a
-- number belongs to some customer of another team — a probe of other teams' books. Now: an admin
-- asks about the whole org; a rep or manager about customers owned by members of their own team
-- (a teammate's customer is still "taken, not yours to see", which is what keeps a team from
-- entering one customer twice). Another team's customer is not mentioned at all.
create or replace function private.customer_phone_taken(p_phone text, p_except uuid default null) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1
      from public.members me
      join public.members o on o.org_id = me.org_id
                           and (me.role = 'admin' or o.user_id = me.user_id
                                or (me.team_id is not null and o.team_id = me.team_id))
      join public.customers c on c.org_id = o.org_id and c.owner_id = o.user_id
     where me.user_id = (select auth.uid()) and me.active
       and c.merged_into is null
       and c.phone is not null
       and (p_except is null or c.id <> p_except)
       and private.phone_digits(c.phone) = private.phone_digits(p_phone)
  ) and private.phone_digits(p_phone) <> ''
$$;
revoke all on function private.customer_phone_taken(text, uuid) from public;
grant execute on function private.customer_phone_taken(text, uuid) to authenticated, service_role;
