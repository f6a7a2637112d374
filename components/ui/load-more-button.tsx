'use client';
// The "load more" button under a paged list (components/ui/use-paged.ts): a button, not an endless
// scroll, so a rep can tell where the list ends. Says when it is loading, and when the last try
// failed (tapping again retries).
import type { PagedState } from './use-paged.ts';

export function LoadMoreButton({
  paged: { pending, failed, more },
  labels,
  className,
  testId,
}: {
  paged: Pick<PagedState<unknown>, 'pending' | 'failed' | 'more'>;
  labels: { more: string; loading: string; failed: string };
  className: string;
  testId: string;
}) {
  return (
    <button type="button" onClick={more} disabled={pending} className={`${className} text-center text-link disabled:text-muted`} data-testid={testId}>
      {pending ? labels.loading : failed ? labels.failed : labels.more}
    </button>
  );
}
