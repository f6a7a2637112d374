'use client';
// The survey form itself: NPS 0–10, CSAT 1–5, an optional comment, posted as a plain HTML form
// to /s/[token]/submit (works with JavaScript off and in WeChat's browser; `required` radios make
// the browser ask for both scores). With JavaScript, a second tap does not post twice.
import { useState } from 'react';
import { COMMENT_MAX } from '@/lib/validation/survey-limits.ts';

export type SurveyFormTexts = {
  npsQuestion: string;
  npsLow: string;
  npsHigh: string;
  csatQuestion: string;
  csatLabels: string[]; // 1…5
  commentLabel: string;
  commentPlaceholder: string;
  commentCount: string;
  submit: string;
  submitting: string;
  privacy: string;
};

const CARD = 'rounded-xl bg-white px-4 pb-4 pt-3.5';
const LEGEND = 'float-left w-full pb-3 text-[16px] font-medium leading-6';
// The radio covers its whole tile (invisible): taps, keyboard and the browser's "required" bubble all work without JS.
const RADIO = 'peer absolute inset-0 h-full w-full cursor-pointer appearance-none rounded-lg opacity-0';
const TILE =
  'pointer-events-none flex items-center justify-center rounded-lg bg-[#f2f2f2] text-ink transition-colors peer-checked:bg-brand peer-checked:text-white peer-focus-visible:outline peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand';

export function PublicSurveyForm({ action, error, texts }: { action: string; error: string | null; texts: SurveyFormTexts }) {
  const [sending, setSending] = useState(false);
  return (
    <form
      method="post"
      action={action}
      onSubmit={(e) => {
        if (sending) e.preventDefault();
        else setSending(true);
      }}
      className="space-y-3"
      data-testid="survey-form"
    >
      {error ? (
        <p role="alert" className="rounded-lg bg-[#fde8e8] px-4 py-3 text-[15px] leading-6 text-danger" data-testid="survey-error">
          {error}
        </p>
      ) : null}

      <fieldset className={CARD}>
        <legend className={LEGEND}>{texts.npsQuestion}</legend>
        <div className="clear-both grid grid-cols-6 gap-2">
          {Array.from({ length: 11 }, (_, n) => (
            <label key={n} className="relative">
              <input type="radio" name="nps" value={n} required aria-label={String(n)} className={RADIO} data-testid={`nps-${n}`} />
              <span className={`${TILE} h-12 text-[18px] font-medium tabular-nums`}>{n}</span>
            </label>
          ))}
        </div>
        <p className="mt-2.5 flex justify-between text-[12px] leading-4 text-muted">
          <span>{texts.npsLow}</span>
          <span>{texts.npsHigh}</span>
        </p>
      </fieldset>

      <fieldset className={CARD}>
        <legend className={LEGEND}>{texts.csatQuestion}</legend>
        <div className="clear-both grid grid-cols-5 gap-2">
          {texts.csatLabels.map((label, i) => (
            <label key={label} className="relative">
              <input type="radio" name="csat" value={i + 1} required aria-label={`${i + 1} ${label}`} className={RADIO} data-testid={`csat-${i + 1}`} />
              <span className={`${TILE} h-16 flex-col gap-0.5`}>
                <span className="text-[18px] font-medium leading-6">{i + 1}</span>
                <span className="text-[12px] leading-4">{label}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <label className={`${CARD} block`}>
        <span className="block pb-2 text-[16px] font-medium leading-6">{texts.commentLabel}</span>
        <textarea
          name="comment"
          rows={4}
          maxLength={COMMENT_MAX}
          placeholder={texts.commentPlaceholder}
          className="block w-full resize-none rounded-lg bg-[#f7f7f7] px-3 py-2.5 leading-6 outline-none placeholder:text-hint focus-visible:outline-2 focus-visible:outline-brand"
          data-testid="survey-comment"
        />
        <span className="block pt-1.5 text-right text-[12px] text-muted">{texts.commentCount}</span>
      </label>

      <button
        type="submit"
        disabled={sending}
        className="flex h-[52px] w-full items-center justify-center rounded-lg bg-brand text-[17px] font-medium text-white active:bg-brand-dark disabled:opacity-60"
        data-testid="survey-submit"
      >
        {sending ? texts.submitting : texts.submit}
      </button>
      <p className="px-2 text-center text-[12px] leading-5 text-muted">{texts.privacy}</p>
    </form>
  );
}
