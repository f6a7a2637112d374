import { useTranslations } from 'next-intl';

// What a screen shows while the server renders it (app/(app)/**/loading.tsx): the tab bar stays,
// an empty navigation bar, "loading" for screen readers, and grey placeholder blocks the shape of
// the real content, so nothing jumps when it arrives.
export function LoadingScreen({ children }: { children: React.ReactNode }) {
  const t = useTranslations('errors');
  return (
    <main aria-busy="true">
      <div className="pt-[var(--safe-top)]">
        <div className="h-[var(--header-h)]" />
      </div>
      <p className="sr-only" role="status">
        {t('loading')}
      </p>
      <div aria-hidden="true">{children}</div>
    </main>
  );
}

/** A grey placeholder block (pulsing); rounded unless the class names another radius. */
export function Skeleton({ className = '', style }: { className?: string; style?: React.CSSProperties }) {
  return <span className={`animate-pulse bg-page ${className.includes('rounded-') ? '' : 'rounded'} ${className}`} style={style} />;
}

/** A title line and a detail line, as in a list cell. */
export function SkeletonLines() {
  return (
    <>
      <Skeleton className="h-4 w-1/3" />
      <Skeleton className="h-3 w-2/3" />
    </>
  );
}
