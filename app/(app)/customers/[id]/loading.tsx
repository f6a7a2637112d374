import { useTranslations } from 'next-intl';

// While a customer's page renders: the navigation bar and grey blocks the shape of the card and
// the timeline, so nothing jumps when it arrives.
export default function CustomerLoading() {
  const t = useTranslations('errors');
  return (
    <main aria-busy="true">
      <div className="pt-[var(--safe-top)]">
        <div className="h-[var(--header-h)]" />
      </div>
      <p className="sr-only" role="status">
        {t('loading')}
      </p>
      <div aria-hidden="true">
        <div className="bg-white px-4 pb-4 pt-3">
          <div className="flex items-center gap-4">
            <span className="h-[60px] w-[60px] shrink-0 animate-pulse rounded-md bg-page" />
            <span className="flex flex-1 flex-col gap-2">
              <span className="h-5 w-1/3 animate-pulse rounded bg-page" />
              <span className="h-3.5 w-2/3 animate-pulse rounded bg-page" />
            </span>
          </div>
          <div className="mt-4 flex gap-2">
            {[56, 44, 72, 64].map((w) => (
              <span key={w} className="h-7 animate-pulse rounded bg-page" style={{ width: w }} />
            ))}
          </div>
        </div>
        <ul className="mt-9 bg-white">
          {Array.from({ length: 4 }, (_, i) => (
            <li key={i} className="flex h-[76px] flex-col justify-center gap-2 px-4">
              <span className="h-4 w-1/3 animate-pulse rounded bg-page" />
              <span className="h-3 w-2/3 animate-pulse rounded bg-page" />
            </li>
          ))}
        </ul>
      </div>
    </main>
  );
}
