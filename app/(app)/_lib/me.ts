// Who is asking, resolved once per request (layout and page share it through React cache):
// the verified claims and their membership, read under RLS.
import { cache } from 'react';
import { requireClaims } from '@/lib/auth/session.ts';
import { getCurrentMember } from '@/lib/db/queries/members.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import type { TabKey } from '@/components/app-shell/tab-bar.tsx';

export const getMe = cache(async () => {
  const claims = await requireClaims();
  const member = await withRls(claims, (tx) => getCurrentMember(tx, { userId: claims.sub }));
  return { claims, member };
});

export const canSeeTeam = (role: string | undefined) => role === 'manager' || role === 'admin';

export function tabsFor(role: string | undefined): TabKey[] {
  return canSeeTeam(role) ? ['customers', 'reminders', 'log', 'team', 'insights', 'me'] : ['customers', 'reminders', 'log', 'me'];
}
