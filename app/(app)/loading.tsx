import { useTranslations } from 'next-intl';

// Shown at once when a tab is tapped, while the server renders the screen: the tab bar stays,
// the content area shows grey placeholder rows of the same height as the real ones.
export default function Loading() {
  const t = useTranslations('errors');
  return (
    <main aria-busy="true">
      <div className="pt-[var(--safe-top)]">
        <div className="h-[var(--header-h)]" />
      </div>
      <p className="sr-only" role="status">
        {t('loading')}
      </p>
      <ul className="bg-white" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <li key={i} className="flex h-[72px] items-center gap-3 pl-4">
            <span className="h-11 w-11 shrink-0 animate-pulse rounded-md bg-page" />
            <span className="flex flex-1 flex-col gap-2 self-stretch justify-center pr-4 hairline-b">
              <span className="h-4 w-1/3 animate-pulse rounded bg-page" />
              <span className="h-3 w-2/3 animate-pulse rounded bg-page" />
            </span>
          </li>
        ))}
      </ul>
    </main>
  );
}
