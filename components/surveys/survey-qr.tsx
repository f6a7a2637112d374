'use client';
// The survey link as a full-screen QR code for the customer to scan across the table: black on
// white, as large as the screen allows, the screen kept awake while it shows (Wake Lock, where
// the browser has it). The qrcode library is imported here, on demand — not in the page bundle.
import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { CloseIcon } from '@/components/ui/icons.tsx';

export function SurveyQr({ url, onClose }: { url: string; onClose: () => void }) {
  const t = useTranslations('survey');
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let alive = true;
    import('qrcode')
      .then((QRCode) => QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 720 }))
      .then((data) => alive && setSrc(data))
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
    };
  }, [url]);

  useEffect(() => {
    closeButton.current?.focus({ preventScroll: true });
    let lock: WakeLockSentinel | null = null;
    navigator.wakeLock
      ?.request('screen')
      .then((l) => (lock = l))
      .catch(() => {});
    return () => void lock?.release().catch(() => {});
  }, []);

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={t('qrTitle')}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
      className="fixed inset-0 z-[60] flex flex-col items-center bg-white px-6 pb-[calc(24px+var(--safe-bottom))] pt-[calc(12px+var(--safe-top))]"
      data-testid="survey-qr-screen"
    >
      <div className="flex w-full justify-end">
        <button ref={closeButton} type="button" onClick={onClose} aria-label={t('qrClose')} className="flex h-12 w-12 items-center justify-center text-muted">
          <CloseIcon size={24} />
        </button>
      </div>
      <div className="flex w-full flex-1 flex-col items-center justify-center">
        <h2 className="text-[20px] font-semibold">{t('qrTitle')}</h2>
        <p className="mt-1 text-[14px] text-muted">{t('qrHint')}</p>
        <div className="mt-6 flex aspect-square w-full max-w-[min(86vw,420px)] items-center justify-center">
          {src ? (
            // eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the phone; nothing to optimise
            <img src={src} alt={url} className="h-full w-full [image-rendering:pixelated]" data-testid="survey-qr-image" />
          ) : failed ? (
            <p className="text-center text-[15px] text-danger">{t('qrFailed')}</p>
          ) : (
            <span className="h-8 w-8 animate-spin rounded-full border-2 border-line border-t-brand" aria-hidden="true" />
          )}
        </div>
      </div>
      <button type="button" onClick={onClose} className="h-12 w-full max-w-[420px] rounded-lg bg-[#f2f2f2] text-[17px] text-ink">
        {t('qrClose')}
      </button>
    </div>
  );
}
