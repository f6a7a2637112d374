'use client';
// Sign out: a plain form POST (works before JS loads). With JS, first drop what the service
// worker cached for this user, so the next person on this phone cannot read it offline.
import { useState } from 'react';
import { useTranslations } from 'next-intl';

const USER_CACHES = ['start-url', 'pages', 'pages-rsc', 'pages-rsc-prefetch', 'apis', 'next-data', 'others'];

export function SignOutButton() {
  const t = useTranslations('me');
  const [pending, setPending] = useState(false);
  return (
    <form
      method="post"
      action="/api/auth/logout"
      onSubmit={(e) => {
        if (pending) return e.preventDefault();
        setPending(true);
        if (!('caches' in window)) return;
        e.preventDefault();
        const form = e.currentTarget;
        void Promise.allSettled(USER_CACHES.map((name) => caches.delete(name))).finally(() => form.submit());
      }}
    >
      <button
        type="submit"
        disabled={pending}
        className="block min-h-[52px] w-full bg-white text-center text-[17px] text-danger active:bg-black/5 disabled:opacity-60"
      >
        {pending ? t('signingOut') : t('signOut')}
      </button>
    </form>
  );
}
