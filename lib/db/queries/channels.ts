// The signed-in member's notification channel (member_channels; RLS: their own row only).
import type { Tx } from '../with-rls.ts';
import type { Channel, ChannelInput } from '../../validation/channel.ts';

export type MyChannel = { channel: Channel; wecom_userid: string | null; email: string | null };

export async function getMyChannel(tx: Tx): Promise<MyChannel> {
  const [row] = await tx<MyChannel[]>`select channel, wecom_userid, email from public.member_channels where user_id = (select auth.uid())`;
  return row ?? { channel: 'webpush', wecom_userid: null, email: null };
}

export async function saveMyChannel(tx: Tx, input: ChannelInput): Promise<MyChannel> {
  const [row] = await tx<MyChannel[]>`
    insert into public.member_channels (org_id, user_id, channel, wecom_userid, email)
    values ((select private.my_org()), (select auth.uid()), ${input.channel}, ${input.wecom_userid ?? null}, ${input.email ?? null})
    on conflict (org_id, user_id) do update
       set channel = excluded.channel,
           wecom_userid = coalesce(excluded.wecom_userid, member_channels.wecom_userid),
           email = coalesce(excluded.email, member_channels.email), updated_at = now()
    returning channel, wecom_userid, email`;
  return row!;
}
