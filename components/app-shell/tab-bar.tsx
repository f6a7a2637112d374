'use client';
// Bottom tab bar. Which tabs exist is decided on the server (from the member's role) and passed
// in, so the bar renders complete in the first HTML — no tabs popping in after hydration.
// Only the active highlight needs the client (the current path).
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { BellIcon, CustomersIcon, InsightsIcon, MeIcon, PlusIcon, TeamIcon } from '@/components/ui/icons.tsx';

export type TabKey = 'customers' | 'reminders' | 'log' | 'team' | 'insights' | 'me';

const ICONS = {
  customers: CustomersIcon,
  reminders: BellIcon,
  team: TeamIcon,
  insights: InsightsIcon,
  me: MeIcon,
} as const;

export function TabBar({ tabs, badges = {} }: { tabs: TabKey[]; badges?: Partial<Record<TabKey, number>> }) {
  const t = useTranslations('nav');
  const tr = useTranslations('reminders');
  const pathname = usePathname();
  return (
    <nav
      aria-label={t('label')}
      className="fixed inset-x-0 bottom-0 z-30 mx-auto w-full max-w-[480px] bg-bar/95 pb-[var(--safe-bottom)] backdrop-blur hairline-t"
    >
      <ul className="flex h-[var(--tabbar-h)] items-stretch">
        {tabs.map((key) => {
          const href = `/${key}`;
          const active = pathname === href || pathname.startsWith(`${href}/`);
          const base = 'flex min-w-[44px] flex-1 flex-col items-center justify-center gap-1';
          const tone = active ? 'text-brand-dark' : 'text-ink/80';
          if (key === 'log') {
            // The centre action: a green round button in the same 28px icon slot, so its label
            // lines up with the others.
            return (
              <li key={key} className="flex flex-1">
                <Link href={href} aria-current={active ? 'page' : undefined} aria-label={t('logAction')} className={`${base} ${tone}`}>
                  <span className="flex h-7 items-center justify-center">
                    <span
                      className={`flex h-9 w-9 items-center justify-center rounded-full text-white shadow-[0_2px_6px_rgb(7_193_96/0.35)] ${active ? 'bg-brand-dark' : 'bg-brand'}`}
                    >
                      <PlusIcon size={22} strokeWidth={2.4} />
                    </span>
                  </span>
                  <span className="text-[12px] leading-none">{t('log')}</span>
                </Link>
              </li>
            );
          }
          const Icon = ICONS[key];
          const badge = badges[key] ?? 0;
          return (
            <li key={key} className="flex flex-1">
              <Link href={href} aria-current={active ? 'page' : undefined} className={`${base} ${tone}`}>
                <span className="relative flex h-7 items-center justify-center">
                  <Icon size={24} strokeWidth={active ? 2.1 : 1.8} />
                  {/* the red count, as on WeChat's tabs (only reminders have one) */}
                  {badge > 0 ? (
                    <span
                      className="absolute -right-3 -top-1.5 flex h-[18px] min-w-[18px] items-center justify-center rounded-full bg-danger px-1 text-[12px] font-medium leading-none text-white"
                      aria-hidden="true"
                      data-testid={`tab-badge-${key}`}
                    >
                      {badge > 99 ? '99+' : badge}
                    </span>
                  ) : null}
                </span>
                <span className="text-[12px] leading-none">{t(key)}</span>
                {/* read after the tab's name: "提醒，3 条待办提醒" */}
                {badge > 0 ? <span className="sr-only">{`, ${tr('badge', { count: badge })}`}</span> : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
