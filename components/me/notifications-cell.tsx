'use client';
// 我 tab: "开启通知 / Turn on notifications" for due follow-up reminders on this device.
// The permission prompt only ever follows a tap on the button (never on load); the state shown
// is this browser's: on (subscribed and stored for me), off, blocked (permission denied — only
// the browser's site settings can undo it), unsupported (no Push API, e.g. iOS Safari outside
// an installed web app). The 提醒 tab works the same with push off.
import { useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { isLocale } from '@/i18n/config.ts';
import { type PushState, pushState, turnOffPush, turnOnPush } from '@/lib/push/client.ts';

export function NotificationsCell({ publicKey }: { publicKey: string | null }) {
  const t = useTranslations('push');
  const locale = useLocale();
  const [state, setState] = useState<PushState | 'checking'>('checking');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void pushState()
      .catch((): PushState => 'off')
      .then((s) => live && setState(publicKey ? s : 'unsupported'));
    return () => {
      live = false;
    };
  }, [publicKey]);

  async function turnOn() {
    if (!publicKey) return;
    setBusy(true);
    setNote(null);
    const result = await turnOnPush(publicKey, isLocale(locale) ? locale : 'zh-CN');
    setState(result.state);
    if (result.error === 'denied') setNote(result.state === 'blocked' ? null : t('explain.denied'));
    else if (result.error) setNote(result.message ? (locale === 'en' ? result.message.en : result.message.zh) : t('failed'));
    setBusy(false);
  }

  async function turnOff() {
    setBusy(true);
    setNote(null);
    const ok = await turnOffPush().catch(() => false);
    if (ok) setState('off');
    else setNote(t('offFailed'));
    setBusy(false);
  }

  const button =
    state === 'off' ? (
      <button
        type="button"
        onClick={() => void turnOn()}
        disabled={busy}
        data-testid="push-on"
        className="min-h-[44px] shrink-0 rounded-md bg-brand px-3 text-[14px] font-medium text-white active:bg-brand-dark disabled:bg-[#e1e1e1] disabled:text-faint"
      >
        {busy ? t('working') : t('turnOn')}
      </button>
    ) : state === 'on' ? (
      <button
        type="button"
        onClick={() => void turnOff()}
        disabled={busy}
        data-testid="push-off"
        className="min-h-[44px] shrink-0 rounded-md border border-line px-3 text-[14px] text-ink active:bg-[#f2f2f2] disabled:text-faint"
      >
        {busy ? t('working') : t('turnOff')}
      </button>
    ) : null;

  return (
    <div className="mb-2 bg-white" data-testid="push-cell" data-state={state}>
      <div className="flex min-h-[52px] items-center gap-3 pl-4 pr-3">
        <span className="text-[16px]">{t('label')}</span>
        <span
          className={`ml-auto truncate text-[15px] ${state === 'on' ? 'text-brand-dark' : state === 'blocked' ? 'text-danger' : 'text-muted'}`}
          data-testid="push-state"
        >
          {t(`state.${state}`)}
        </span>
        {button}
      </div>
      <p className="px-4 pb-2.5 text-[12px] leading-4 text-muted" aria-live="polite" data-testid="push-note">
        {note ?? (state === 'checking' ? '\u00a0' : t(`explain.${state}`))}
      </p>
    </div>
  );
}
