'use client';
// The log form: how the rep was in touch (six kinds), what they read in the customer — seed 002's
// two axes, attitude 接纳/质疑 and cognition 笼统/具体, each with a one-line reminder of what it
// means, and the funnel stage the pair implies with that stage's next move — the customer's mood,
// a note, the next step and an optional follow-up day. Presentational: the caller decides what
// saving means (a new log in the outbox, or a rejected one edited and resent).
import { useId, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { LIMITS, LOG_KINDS, SENTIMENTS } from '@/lib/domain/vocabulary.ts';
import { stageOf } from '@/lib/engine/stages.ts';
import { ATTITUDE_LABELS, COGNITION_LABELS, INTERACTION_KIND_LABELS, label } from '@/lib/engine/labels.ts';
import { STAGE_MOVES } from '@/lib/engine/stages.ts';
import type { InteractionBody } from '@/lib/offline/entry.ts';
import { Choice, Toggle } from './choice.tsx';

type Kind = InteractionBody['kind'];
type Attitude = 'accept' | 'doubt';
type Cognition = 'vague' | 'specific';
type Sentiment = 'positive' | 'neutral' | 'negative';

/** What the form edits: the interaction without its id, customer and time. */
export type LogFields = Pick<InteractionBody, 'kind' | 'attitude' | 'cognition' | 'sentiment' | 'note' | 'next_step' | 'follow_up_at'>;

const NOTE_MAX = LIMITS.noteMax;
const NEXT_STEP_MAX = LIMITS.nextStepMax;

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** A follow-up day means that morning, the rep's own time. */
const dayToIso = (day: string) => (day ? new Date(`${day}T09:00:00`).toISOString() : null);
const isoToDay = (iso: string | null | undefined) => (iso ? localDay(new Date(iso)) : '');

export function LogForm({
  initial,
  submitLabel,
  onSubmit,
  error,
}: {
  initial?: Partial<LogFields>;
  submitLabel: string;
  onSubmit: (fields: LogFields) => void;
  /** Shown above the button (e.g. why the server refused the log being edited). */
  error?: React.ReactNode;
}) {
  const t = useTranslations('log.form');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const id = useId();
  const [kind, setKind] = useState<Kind>(initial?.kind ?? 'visit');
  const [attitude, setAttitude] = useState<Attitude | null>(initial?.attitude ?? null);
  const [cognition, setCognition] = useState<Cognition | null>(initial?.cognition ?? null);
  const [sentiment, setSentiment] = useState<Sentiment | null>(initial?.sentiment ?? null);
  const [note, setNote] = useState(initial?.note ?? '');
  const [nextStep, setNextStep] = useState(initial?.next_step ?? '');
  const [followUp, setFollowUp] = useState(isoToDay(initial?.follow_up_at));
  // Refused before it reaches the outbox (the server refuses the same): nothing typed, or a past follow-up day.
  const [refusal, setRefusal] = useState<'empty' | 'followUpPast' | null>(null);
  const empty = !attitude && !cognition && !sentiment && !note.trim() && !nextStep.trim();
  const shown = refusal === 'empty' && !empty ? null : refusal; // gone as soon as something is filled in

  const word = (l: { zh: string; en: string }) => (locale === 'en' ? l.en.charAt(0).toUpperCase() + l.en.slice(1) : l.zh);
  const stage = attitude && cognition ? stageOf(attitude, cognition) : null;
  // An edited log may carry a kind the six buttons don't offer (a CSV-imported meeting).
  const kinds: Kind[] = LOG_KINDS.includes(kind as (typeof LOG_KINDS)[number]) ? [...LOG_KINDS] : [...LOG_KINDS, kind];

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (empty) return setRefusal('empty');
    if (followUp && followUp < localDay(new Date())) return setRefusal('followUpPast');
    setRefusal(null);
    onSubmit({
      kind,
      attitude,
      cognition,
      sentiment,
      note: note.trim() || null,
      next_step: nextStep.trim() || null,
      follow_up_at: dayToIso(followUp),
    });
  }

  // One text per line ("接纳：认同你和你的观点"), so the option's own word stays the only exact match.
  const hint = (text: string, term: string) => <span className="block">{`${term}${locale === 'en' ? ': ' : '：'}${text}`}</span>;

  return (
    <form onSubmit={submit} noValidate data-testid="log-form" className="flex min-h-full flex-col">
      <Choice
        name={`${id}-kind`}
        legend={t('kind')}
        options={kinds.map((k) => ({ value: k, label: word(INTERACTION_KIND_LABELS[k] ?? { zh: k, en: k }) }))}
        value={kind}
        onChange={setKind}
        columns={locale === 'en' ? 3 : kinds.length}
      />

      <div className="grid grid-cols-2 gap-3 px-4 pt-3">
        <Toggle
          id={`${id}-attitude`}
          legend={t('attitude')}
          options={[
            { value: 'accept', label: word(ATTITUDE_LABELS.accept) },
            { value: 'doubt', label: word(ATTITUDE_LABELS.doubt) },
          ]}
          value={attitude}
          onChange={setAttitude}
        >
          <p className="mt-1.5 space-y-0.5 text-[12px] leading-[18px] text-muted" data-testid="attitude-hint">
            {hint(t('hint.accept'), word(ATTITUDE_LABELS.accept))}
            {hint(t('hint.doubt'), word(ATTITUDE_LABELS.doubt))}
          </p>
        </Toggle>
        <Toggle
          id={`${id}-cognition`}
          legend={t('cognition')}
          options={[
            { value: 'vague', label: word(COGNITION_LABELS.vague) },
            { value: 'specific', label: word(COGNITION_LABELS.specific) },
          ]}
          value={cognition}
          onChange={setCognition}
        >
          <p className="mt-1.5 space-y-0.5 text-[12px] leading-[18px] text-muted" data-testid="cognition-hint">
            {hint(t('hint.vague'), word(COGNITION_LABELS.vague))}
            {hint(t('hint.specific'), word(COGNITION_LABELS.specific))}
          </p>
        </Toggle>
      </div>
      {stage ? (
        <p className="mx-4 mt-2 rounded-lg bg-brand-soft px-3 py-2 text-[13px] leading-5 text-brand-dark" data-testid="stage-preview" aria-live="polite">
          <span className="font-medium">{t('stage', { stage: label('funnel', stage, locale) })}</span>
          {STAGE_MOVES[stage] ? <span className="text-ink/70"> · {STAGE_MOVES[stage][locale]}</span> : null}
        </p>
      ) : null}

      <div className="px-4 pt-3">
        <Toggle
          id={`${id}-sentiment`}
          legend={
            <>
              {t('sentiment')} <span className="text-muted">{t('optional')}</span>
            </>
          }
          options={SENTIMENTS.map((s) => ({ value: s, label: t(`mood.${s}`) }))}
          value={sentiment}
          onChange={setSentiment}
        />
      </div>

      <label className="block px-4 pt-3">
        <span className="block pb-1.5 text-[13px] text-muted">{t('note')}</span>
        <textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={NOTE_MAX}
          rows={3}
          placeholder={t('notePlaceholder')}
          className="block w-full scroll-mb-32 resize-none rounded-lg bg-white px-3 py-2 leading-6 outline-none placeholder:text-hint"
        />
      </label>

      <label className="block px-4 pt-3">
        <span className="block pb-1.5 text-[13px] text-muted">{t('nextStep')}</span>
        <input
          value={nextStep}
          onChange={(e) => setNextStep(e.target.value)}
          maxLength={NEXT_STEP_MAX}
          placeholder={t('nextStepPlaceholder')}
          enterKeyHint="done"
          className="block h-11 w-full scroll-mb-32 rounded-lg bg-white px-3 outline-none placeholder:text-hint"
        />
      </label>

      <div className="px-4 pt-3">
        <label htmlFor={`${id}-follow`} className="block pb-1.5 text-[13px] text-muted">
          {t('followUp')} <span className="text-muted">{t('optional')}</span>
        </label>
        <div className="flex items-center gap-2">
          <input
            id={`${id}-follow`}
            type="date"
            value={followUp}
            min={localDay(new Date())}
            onChange={(e) => {
              setFollowUp(e.target.value);
              if (refusal === 'followUpPast') setRefusal(null);
            }}
            className="block h-11 min-w-0 flex-1 scroll-mb-32 rounded-lg bg-white px-3 outline-none"
          />
          {followUp ? (
            <button type="button" onClick={() => setFollowUp('')} className="h-11 shrink-0 px-2 text-[14px] text-link">
              {t('clear')}
            </button>
          ) : null}
        </div>
      </div>

      {/* Stays in reach at the bottom of the sheet while the form scrolls (over the sheet's 16px bottom padding too). */}
      <div className="sticky -bottom-4 mt-auto bg-page px-4 pb-5 pt-3">
        {shown || error ? (
          <div role="alert" className="pb-2 text-[13px] leading-5 text-danger" data-testid="log-refusal">
            {shown ? t(shown) : error}
          </div>
        ) : null}
        <button type="submit" className="min-h-[48px] w-full rounded-lg bg-brand text-[16px] font-medium text-white active:bg-brand-dark" data-testid="log-submit">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
