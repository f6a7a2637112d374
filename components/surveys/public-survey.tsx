// The customer's side of a survey link (/s/[token]): the form and the one-line pages for every
// other state. Phone first, big tap targets, and it needs no JavaScript: the form is a plain
// POST (public-survey-form.tsx only adds the double-tap guard). Texts come in as props in the
// visitor's language, which is chosen per request (Accept-Language), not the app's cookie.
import { PublicSurveyForm, type SurveyFormTexts } from './public-survey-form.tsx';

export function PublicShell({ lang, children }: { lang: string; children: React.ReactNode }) {
  return (
    <main lang={lang} className="min-h-dvh px-4 pb-[calc(28px+var(--safe-bottom))] pt-[calc(20px+var(--safe-top))]">
      {children}
    </main>
  );
}

function OrgBadge({ name }: { name: string }) {
  return (
    <span
      aria-hidden="true"
      className="flex h-12 w-12 shrink-0 items-center justify-center rounded-xl bg-brand text-[22px] font-semibold text-white"
    >
      {Array.from(name)[0]}
    </span>
  );
}

export function SurveyForm({ orgName, intro, action, error, texts }: { orgName: string; intro: string; action: string; error: string | null; texts: SurveyFormTexts }) {
  return (
    <>
      <header className="flex items-center gap-3 px-1 pb-4">
        <OrgBadge name={orgName} />
        <div className="min-w-0">
          <h1 className="text-[19px] font-semibold leading-7" data-testid="survey-org">
            {orgName}
          </h1>
          <p className="text-[14px] leading-5 text-muted">{intro}</p>
        </div>
      </header>
      <PublicSurveyForm action={action} error={error} texts={texts} />
    </>
  );
}

const TONE = {
  thanks: 'bg-brand text-white',
  answered: 'bg-brand-soft text-brand-dark',
  expired: 'bg-[#fdf2e1] text-warn',
  invalid: 'bg-[#fde8e8] text-danger',
  limited: 'bg-[#fdf2e1] text-warn',
} as const;

function StateIcon({ state }: { state: keyof typeof TONE }) {
  const path =
    state === 'thanks' || state === 'answered'
      ? 'M5 12.5l4.5 4.5L19 7.5'
      : state === 'invalid'
        ? 'M7 7l10 10M17 7L7 17'
        : 'M12 7v5.5l3.5 2';
  return (
    <span className={`flex h-20 w-20 items-center justify-center rounded-full ${TONE[state]}`} aria-hidden="true">
      <svg width="40" height="40" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
        {state === 'expired' || state === 'limited' ? <circle cx="12" cy="12" r="8.5" /> : null}
        <path d={path} />
      </svg>
    </span>
  );
}

/** 谢谢 / 已提交 / 已过期 / 链接无效 / 稍后再试 — only the thank-you page names the org. */
export function SurveyState({ state, title, body, orgName }: { state: keyof typeof TONE; title: string; body: string; orgName?: string | null }) {
  return (
    <section className="flex min-h-[70dvh] flex-col items-center justify-center px-6 text-center" data-testid={`survey-state-${state}`}>
      <StateIcon state={state} />
      <h1 className="mt-6 text-[22px] font-semibold leading-8">{title}</h1>
      <p className="mt-2 max-w-[300px] text-balance text-[15px] leading-6 text-muted">{body}</p>
      {orgName ? <p className="mt-8 text-[13px] text-muted">{orgName}</p> : null}
    </section>
  );
}
