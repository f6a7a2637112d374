'use client';
// Sign out: a plain form POST (works before JS loads). With JS, first drop what the service
// worker cached for this user, so the next person on this phone cannot read it offline, and tell
// the outbox this user is gone (the service worker must not send their logs under the next
// session), and forget this device's push subscription (the next person must not get their reminders). Logs still waiting stay on the phone and go when the same rep signs in again — the
// button says so before signing out.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useOutbox } from '@/components/log/use-outbox.ts';
import { endSession } from '@/lib/offline/client.ts';
import { clearUserCaches } from '@/lib/pwa/caches.ts';

// Loaded when signing out, not with every screen: lib/push/client.ts brings zod (~25 KB gzipped)
// through the subscription schema, and this button is on the 我 tab and the signed-in layout
// (docs/benchmarks-web.md).
const turnOffPush = () => import('@/lib/push/client.ts').then((m) => m.turnOffPush());

/** `everywhere`: 退出所有设备 — every session of this user ends, this one included (same clean-up here). */
export function SignOutButton({ everywhere = false }: { everywhere?: boolean }) {
  const t = useTranslations('me');
  const [pending, setPending] = useState(false);
  const [warned, setWarned] = useState(false);
  const { counts } = useOutbox();
  const waiting = counts.pending + counts.rejected;
  return (
    <form
      method="post"
      action={everywhere ? '/api/auth/logout-all' : '/api/auth/logout'}
      onSubmit={(e) => {
        if (pending) return e.preventDefault();
        if (waiting > 0 && !warned) {
          e.preventDefault();
          setWarned(true);
          return;
        }
        setPending(true);
        e.preventDefault();
        const form = e.currentTarget;
        void Promise.allSettled([clearUserCaches(), endSession(), turnOffPush()]).finally(() => form.submit());
      }}
    >
      {warned && waiting > 0 ? (
        <p role="alert" className="bg-white px-4 pb-1 pt-3 text-center text-[13px] leading-5 text-warn" data-testid="sign-out-warning">
          {t('unsyncedWarning', { count: waiting })}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="block min-h-[52px] w-full bg-white text-center text-[17px] text-danger active:bg-black/5 disabled:opacity-60"
      >
        {pending ? t('signingOut') : warned && waiting > 0 ? t('signOutAnyway') : t(everywhere ? 'signOutAll' : 'signOut')}
      </button>
    </form>
  );
}
