'use client';
// A bottom sheet: a panel that slides up over a dimmed page, as on the phone's own apps. Modal
// for assistive tech (focus moves in, Escape and the backdrop close it, the page behind does not
// scroll). Whether it is open is the caller's business — usually the URL (use-url-sheet.ts).
import { useEffect, useId, useRef } from 'react';
import { CloseIcon } from './icons.tsx';

export function BottomSheet({
  title,
  closeLabel,
  onClose,
  children,
  testId,
}: {
  title: React.ReactNode;
  closeLabel: string;
  onClose: () => void;
  children: React.ReactNode;
  testId?: string;
}) {
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    panel.current?.focus({ preventScroll: true });
    const { overflow } = document.body.style;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = overflow;
      before?.focus?.({ preventScroll: true });
    };
  }, []);

  return (
    <div className="fixed inset-0 z-40 mx-auto flex max-w-[480px] flex-col justify-end" data-testid={testId}>
      <div className="absolute inset-0 animate-[fade-in_150ms_ease-out] bg-black/45" onClick={onClose} aria-hidden="true" />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
        className="relative flex max-h-[85dvh] animate-[sheet-up_200ms_ease-out] flex-col rounded-t-xl bg-page pb-[var(--safe-bottom)] outline-none"
      >
        <div className="flex h-12 shrink-0 items-center gap-2 pl-4">
          <h2 id={titleId} className="flex min-w-0 flex-1 items-center gap-2 text-[17px] font-semibold">
            {title}
          </h2>
          <button type="button" onClick={onClose} aria-label={closeLabel} className="flex h-12 w-12 shrink-0 items-center justify-center text-muted">
            <CloseIcon size={20} />
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto overscroll-contain pb-4">{children}</div>
      </div>
    </div>
  );
}
