'use client';
// The rep's side of a survey (inside the customer page's "满意度调查" sheet): create a link —
// POST /api/surveys, which answers with the only copy of the token — then copy it, share it
// (Web Share API where the browser has it) or show it as a full-screen QR code for the
// customer to scan on a visit. The QR is `?qr=1` in the URL, so the phone's back button
// closes it; the qrcode library is loaded only when it opens.
import { useRef, useState } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import type { Problem } from '@/lib/http/problem.ts';
import type { CreateSurveyResponse } from '@/lib/validation/survey.ts';
import { SurveyQr } from './survey-qr.tsx';

type Link = { url: string; expiresAt: Date };

const TILE = 'flex min-h-[72px] flex-1 flex-col items-center justify-center gap-1.5 rounded-lg bg-white text-[13px] text-ink active:bg-black/5';

export function SurveySheet({ customerId, autonomous = false }: { customerId: string; autonomous?: boolean }) {
  const t = useTranslations('survey');
  const format = useFormatter();
  const lang = useLocale() === 'en' ? 'en' : 'zh';
  const qr = useUrlSheet('qr');
  const [link, setLink] = useState<Link | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  async function create() {
    if (pending) return;
    setPending(true);
    setError(null);
    setNotice(null);
    try {
      const res = await fetch('/api/surveys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer_id: customerId }),
      });
      if (!res.ok) {
        const p = (await res.json().catch(() => null)) as Problem | null;
        setError(p ? p.message[lang] : `HTTP ${res.status}`);
        return;
      }
      const body = (await res.json()) as CreateSurveyResponse;
      setLink({ url: new URL(body.path, window.location.origin).toString(), expiresAt: new Date(body.expires_at) });
    } catch {
      setError(t('createFailed'));
    } finally {
      setPending(false);
    }
  }

  async function copy() {
    if (!link) return;
    let ok = false;
    try {
      await navigator.clipboard.writeText(link.url);
      ok = true;
    } catch {
      // No clipboard API (plain http on the office Wi-Fi is not a secure context): the old way.
      input.current?.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
    }
    setNotice(ok ? t('copied') : t('copyFailed'));
  }

  async function share() {
    if (!link) return;
    try {
      await navigator.share({ title: t('shareTitle'), text: t('shareText'), url: link.url });
    } catch {
      // cancelled by the user, or refused: nothing to say
    }
  }

  if (!link) {
    return (
      <div className="px-4 pt-1" data-testid="survey-sheet-start">
        <p className="text-[14px] leading-6 text-muted">{t('intro')}</p>
        {autonomous ? (
          <p className="mt-3 rounded-lg bg-[#fdf2e1] px-3 py-2 text-[13px] leading-5 text-[#8a5a0c]" data-testid="survey-autonomous-note">
            {t('autonomousNote')}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="mt-3 text-[14px] text-danger">
            {error}
          </p>
        ) : null}
        <button
          type="button"
          onClick={create}
          disabled={pending}
          className="mt-4 flex h-12 w-full items-center justify-center rounded-lg bg-brand text-[17px] font-medium text-white active:bg-brand-dark disabled:opacity-60"
          data-testid="survey-create"
        >
          {pending ? t('creating') : t('create')}
        </button>
      </div>
    );
  }

  // Only ever rendered on the client (the link comes from a click), so reading navigator is safe here.
  const canShare = typeof navigator.share === 'function';
  return (
    <div className="px-4 pt-1" data-testid="survey-link-ready">
      <label className="block rounded-lg bg-white px-3 py-3">
        <span className="block text-[13px] text-muted">{t('linkLabel')}</span>
        <textarea
          ref={input}
          readOnly
          rows={2}
          value={link.url}
          onFocus={(e) => e.currentTarget.select()}
          className="mt-1 block w-full resize-none break-all bg-transparent text-[15px]! leading-6 text-ink outline-none"
          data-testid="survey-link"
        />
        <span className="mt-1 block text-[13px] text-muted">
          {t('expires', { date: format.dateTime(link.expiresAt, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }) })}
        </span>
      </label>
      <div className="mt-3 flex gap-2">
        <button type="button" onClick={copy} className={TILE} data-testid="survey-copy">
          <CopyGlyph />
          {t('copy')}
        </button>
        {canShare ? (
          <button type="button" onClick={share} className={TILE} data-testid="survey-share">
            <ShareGlyph />
            {t('share')}
          </button>
        ) : null}
        <button type="button" onClick={() => qr.open('1')} aria-haspopup="dialog" className={TILE} data-testid="survey-qr">
          <QrGlyph />
          {t('qr')}
        </button>
      </div>
      <p role="status" className="min-h-6 pt-2 text-center text-[14px] text-brand-dark" data-testid="survey-notice">
        {notice}
      </p>
      <p className="text-[13px] leading-5 text-muted">{t('onceNote')}</p>
      <button type="button" onClick={() => setLink(null)} className="mt-2 min-h-[44px] w-full text-[15px] text-link">
        {t('again')}
      </button>
      {qr.value ? <SurveyQr url={link.url} onClose={qr.close} /> : null}
    </div>
  );
}

const glyph = (d: React.ReactNode) => (
  <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="#576b95" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    {d}
  </svg>
);
const CopyGlyph = () =>
  glyph(
    <>
      <rect x="8.5" y="8.5" width="11" height="11" rx="2" />
      <path d="M15.5 8.5V6.5a2 2 0 0 0-2-2h-7a2 2 0 0 0-2 2v7a2 2 0 0 0 2 2h2" />
    </>,
  );
const ShareGlyph = () =>
  glyph(
    <>
      <path d="M12 15V4M8 8l4-4 4 4" />
      <path d="M6 12v6.5a1.5 1.5 0 0 0 1.5 1.5h9a1.5 1.5 0 0 0 1.5-1.5V12" />
    </>,
  );
const QrGlyph = () =>
  glyph(
    <>
      <rect x="4" y="4" width="6" height="6" rx="1" />
      <rect x="14" y="4" width="6" height="6" rx="1" />
      <rect x="4" y="14" width="6" height="6" rx="1" />
      <path d="M14 14h2.5v2.5M20 14v.01M14 20h.01M17 20h3v-3" />
    </>,
  );
