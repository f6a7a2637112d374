'use client';
// 我 → 提醒送达方式 (issue 14): Web Push does not reach most phones in mainland China, so each
// member picks how reminders reach them — Web Push, 企业微信 (their WeCom userid) or e-mail — and
// can send themselves a test message. Saved by POST /api/me/channel; the test goes through the
// channel-test edge function (the WeCom secret stays on the server).
import { useLocale, useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import type { MyChannel } from '@/lib/db/queries/channels.ts';
import { CHANNELS, type Channel } from '@/lib/validation/channel.ts';

type Problem = { message?: { zh: string; en: string }; fields?: Record<string, { zh: string; en: string }> };

export function ChannelCell({ initial }: { initial: MyChannel }) {
  const t = useTranslations('me.channel');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const id = useId();
  const [channel, setChannel] = useState<Channel>(initial.channel);
  const [userid, setUserid] = useState(initial.wecom_userid ?? '');
  const [email, setEmail] = useState(initial.email ?? '');
  const [saved, setSaved] = useState<MyChannel>(initial);
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function post(url: string, body: object) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { res, json: (await res.json().catch(() => null)) as (Problem & Record<string, unknown>) | null };
  }
  const problemText = (p: Problem | null) => (p?.fields ? Object.values(p.fields)[0]?.[locale] : p?.message?.[locale]) ?? '';

  async function save() {
    setBusy(true);
    setNote(null);
    try {
      const { res, json } = await post('/api/me/channel', {
        channel,
        ...(userid.trim() ? { wecom_userid: userid.trim() } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
      });
      if (res.ok) {
        setSaved(json as unknown as MyChannel);
        setNote({ text: t('saved'), bad: false });
      } else setNote({ text: problemText(json), bad: true });
    } catch {
      setNote({ text: 'offline', bad: true });
    } finally {
      setBusy(false);
    }
  }

  async function test() {
    setBusy(true);
    setNote(null);
    try {
      const { res, json } = await post('/api/me/channel/test', {});
      if (res.ok && json?.ok) setNote({ text: t('testOk'), bad: false });
      else if (res.ok) setNote({ text: json?.error === 'no_app' ? t('noApp') : t('testFailed', { error: String(json?.error ?? '') }), bad: true });
      else setNote({ text: problemText(json), bad: true });
    } catch {
      setNote({ text: 'offline', bad: true });
    } finally {
      setBusy(false);
    }
  }

  const dirty = channel !== saved.channel || (channel === 'wecom' && userid.trim() !== (saved.wecom_userid ?? '')) || (channel === 'email' && email.trim() !== (saved.email ?? ''));
  return (
    <section className="mb-2 bg-white" aria-labelledby={`${id}-title`} data-testid="channel-cell">
      <h2 id={`${id}-title`} className="px-4 pb-1 pt-3 text-[13px] text-muted">
        {t('title')}
      </h2>
      <fieldset>
        <legend className="sr-only">{t('title')}</legend>
        {CHANNELS.map((c) => (
          <label key={c} className="flex min-h-[56px] items-center gap-3 px-4 py-2 active:bg-black/5">
            <input
              type="radio"
              name={`${id}-channel`}
              value={c}
              checked={channel === c}
              onChange={() => setChannel(c)}
              className="h-5 w-5 shrink-0 accent-[var(--color-brand)]"
              data-testid={`channel-${c}`}
            />
            <span className="min-w-0">
              <span className="block text-[16px] leading-[22px]">{t(c)}</span>
              <span className="block text-[12px] leading-[18px] text-muted">{t(`${c}Hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {channel === 'wecom' ? (
        <label className="block px-4 pb-2">
          <span className="block pb-1 text-[13px] text-muted">{t('wecomUserid')}</span>
          <input value={userid} onChange={(e) => setUserid(e.target.value)} maxLength={64} className="block min-h-[44px] w-full rounded-lg bg-page px-3" data-testid="channel-wecom-userid" />
        </label>
      ) : null}
      {channel === 'email' ? (
        <label className="block px-4 pb-2">
          <span className="block pb-1 text-[13px] text-muted">{t('emailAddress')}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} className="block min-h-[44px] w-full rounded-lg bg-page px-3" data-testid="channel-email" />
        </label>
      ) : null}
      {note ? (
        <p role="status" className={`px-4 pb-2 text-[13px] ${note.bad ? 'text-danger' : 'text-brand-dark'}`} data-testid="channel-note">
          {note.text}
        </p>
      ) : null}
      <div className="flex gap-2 px-4 pb-3">
        <button type="button" disabled={busy || !dirty} onClick={() => void save()} className="min-h-[44px] flex-1 rounded-lg bg-brand text-[15px] font-medium text-white disabled:opacity-50" data-testid="channel-save">
          {t('save')}
        </button>
        {saved.channel === 'wecom' && !dirty ? (
          <button type="button" disabled={busy} onClick={() => void test()} className="min-h-[44px] flex-1 rounded-lg bg-page text-[15px] text-ink disabled:opacity-50" data-testid="channel-test">
            {t('test')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
