import type { Metadata } from 'next';
import Image from 'next/image';
import { getLocale, getTranslations } from 'next-intl/server';
import { LoginForm } from '@/components/login/login-form.tsx';
import { LocaleToggle } from '@/components/login/locale-toggle.tsx';
import { isLocale } from '@/i18n/config.ts';
import { safeNextPath } from '@/lib/validation/auth.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('login'))('submit') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// Sign in with phone or e-mail. The proxy sends signed-in visitors on to /customers.
export default async function LoginPage({ searchParams }: Props) {
  const sp = await searchParams;
  const t = await getTranslations('login');
  const tl = await getTranslations('language');
  const locale = await getLocale();
  // ?error= is only set by the no-JS fallback of POST /api/auth/login.
  const error = first(sp.error);
  return (
    <main className="flex min-h-dvh flex-col bg-white pb-[var(--safe-bottom)] pt-[var(--safe-top)]">
      <div className="flex h-[var(--header-h)] items-center justify-end px-2">
        <LocaleToggle next={isLocale(locale) && locale === 'en' ? 'zh-CN' : 'en'} label={tl('switchTo')} />
      </div>
      <div className="px-8 pt-10">
        <Image src="/icons/icon-192.png" alt="" width={64} height={64} priority unoptimized className="mb-5 rounded-2xl" />
        <h1 className="text-[24px] font-semibold">{t('title')}</h1>
        <p className="mt-1 text-[14px] text-muted">{t('subtitle')}</p>
      </div>
      <LoginForm next={safeNextPath(first(sp.next))} initialError={error ?? null} initialWait={Number(first(sp.wait)) || 0} />
      <p className="mt-auto px-8 pb-8 pt-6 text-center text-[12px] text-muted">{t('forgot')}</p>
    </main>
  );
}
