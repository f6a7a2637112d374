import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { BackButton } from '@/components/app-shell/back-button.tsx';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { NEW_PASSWORD_MAX, NEW_PASSWORD_MIN, PASSWORD_CHANGE_ERRORS, type PasswordChangeError } from '@/lib/validation/password.ts';
import { getMe } from '../../_lib/me.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('me.password'))('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// Me → 修改密码. A plain form posting to /api/auth/password, which answers with a redirect back
// here (?done=1 or ?error=code) — it works before any JS loads, and no password passes through
// client state. After a change every other device is signed out (docs/architecture.md "Sessions").
export default async function PasswordPage({ searchParams }: Props) {
  await getMe();
  const t = await getTranslations('me.password');
  const sp = await searchParams;
  const code = first(sp.error);
  const error = PASSWORD_CHANGE_ERRORS.includes(code as PasswordChangeError) ? (code as PasswordChangeError) : null;
  const wait = Number(first(sp.wait)) || 0;
  const done = first(sp.done) === '1';
  const field = 'block w-full bg-transparent py-3 text-[17px] outline-none placeholder:text-hint';
  return (
    <main className="pb-8">
      <PageHeader title={t('title')} left={<BackButton fallback="/me" label={t('back')} />} />
      {done ? (
        <p role="status" className="mx-4 mt-3 rounded-lg bg-brand-soft px-4 py-3 text-[14px] text-brand-dark" data-testid="password-done">
          {t('done')}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mx-4 mt-3 rounded-lg bg-[#fdecea] px-4 py-3 text-[14px] text-danger" data-testid="password-error">
          {error === 'rate_limited' && wait > 0 ? t('errors.rate_limited_wait', { seconds: wait }) : t(`errors.${error}`)}
        </p>
      ) : null}
      <form method="post" action="/api/auth/password" className="mt-3 bg-white px-4" data-testid="password-form">
        <label className="block border-b border-line/80 pt-2 text-[13px] text-muted">
          {t('current')}
          <input name="current" type="password" autoComplete="current-password" required maxLength={128} className={field} />
        </label>
        <label className="block border-b border-line/80 pt-2 text-[13px] text-muted">
          {t('next', { min: NEW_PASSWORD_MIN })}
          <input name="next" type="password" autoComplete="new-password" required minLength={NEW_PASSWORD_MIN} maxLength={NEW_PASSWORD_MAX} className={field} />
        </label>
        <label className="block pt-2 text-[13px] text-muted">
          {t('confirm')}
          <input name="confirm" type="password" autoComplete="new-password" required maxLength={NEW_PASSWORD_MAX} className={field} />
        </label>
        <button type="submit" className="my-4 block min-h-[48px] w-full rounded-lg bg-brand text-[17px] font-medium text-white active:opacity-80">
          {t('submit')}
        </button>
      </form>
      <p className="px-6 pt-3 text-center text-[13px] leading-5 text-muted">{t('hint')}</p>
    </main>
  );
}
