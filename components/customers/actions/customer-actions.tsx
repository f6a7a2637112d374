'use client';
// What a rep does to a customer besides logging and calling (those two sit in the card above):
// add an order, move a deal, tag them — tiles like the "+" panel of a WeChat chat. The open
// sheet is `?action=order|deal|tag` in the URL, so the phone's back button closes it.
//
// After a save the page refreshes at once (the new entry shows on the timeline) and twice more
// (~1.5 s, ~4 s) to pick up the tags the recompute writes just after the response.
import { useRouter } from 'next/navigation';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import { OrderIcon, StageIcon, SurveyIcon, TagIcon, TeamIcon } from '@/components/ui/icons.tsx';
import type { DealSummary } from './deal-sheet.tsx';
import type { AssigneeOption, ReassignTarget } from '@/components/team/reassign-sheet.tsx';

// The sheets' code (and the zod schemas they check with) loads when one opens, not with the page
// (React.lazy: next/dynamic's own loader would cost more than it saves here); the customer page's
// first load stays under its budget (docs/benchmarks-web.md). The service worker precaches these
// chunks, so they open offline too. Reassigning (managers) loads the same way.
function SheetLoading() {
  const t = useTranslations('errors');
  return <p className="px-4 py-10 text-center text-[14px] text-muted">{t('loading')}</p>;
}
const OrderSheet = lazy(() => import('./order-sheet.tsx').then((m) => ({ default: m.OrderSheet })));
const DealSheet = lazy(() => import('./deal-sheet.tsx').then((m) => ({ default: m.DealSheet })));
const TagSheet = lazy(() => import('./tag-sheet.tsx').then((m) => ({ default: m.TagSheet })));
const SurveySheet = lazy(() => import('@/components/surveys/survey-sheet.tsx').then((m) => ({ default: m.SurveySheet })));
const ReassignButton = lazy(() => import('@/components/team/reassign-sheet.tsx').then((m) => ({ default: m.ReassignButton })));
const ReassignSheetHost = lazy(() => import('@/components/team/reassign-sheet.tsx').then((m) => ({ default: m.ReassignSheetHost })));

const ACTIONS = ['order', 'deal', 'tag', 'survey'] as const;
type Action = (typeof ACTIONS)[number];
const isAction = (v: string | null): v is Action => (ACTIONS as readonly (string | null)[]).includes(v);

const TILE = 'flex min-h-[76px] flex-1 flex-col items-center justify-center gap-1.5 text-[12px] leading-4';
const ICON = 'flex h-11 w-11 items-center justify-center rounded-xl bg-[#f7f7f7]';

export function CustomerActions({
  customerId,
  deals,
  manualTags,
  reassign,
  autonomous = false,
}: {
  customerId: string;
  deals: DealSummary[];
  manualTags: string[];
  /** managers and admins: hand the customer to another member (components/team/reassign-sheet.tsx, ?reassign=) */
  reassign?: { target: ReassignTarget; assignees: AssigneeOption[] };
  /** typed 自主型 (primary or secondary): the survey sheet says why no reminder proposes one */
  autonomous?: boolean;
}) {
  const t = useTranslations('customer.actions');
  const tSheet = useTranslations('customer.sheet');
  const tSurvey = useTranslations('survey');
  const tTeam = useTranslations('team');
  const router = useRouter();
  const sheet = useUrlSheet('action');
  const [notice, setNotice] = useState<string | null>(null);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  const open = isAction(sheet.value) ? sheet.value : null;

  function done(message: string, keepOpen = false) {
    if (!keepOpen) sheet.close();
    router.refresh();
    timers.current.forEach(clearTimeout);
    timers.current = [
      ...[1500, 4000].map((ms) => setTimeout(() => router.refresh(), ms)),
      setTimeout(() => setNotice(null), 2500),
    ];
    setNotice(message);
  }

  const tile = (action: Action, icon: React.ReactNode, text: string) => (
    <a
      href={sheet.hrefFor(action)}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        sheet.open(action);
      }}
      aria-haspopup="dialog"
      data-testid={`action-${action}`}
      className={`${TILE} text-ink active:bg-black/5`}
    >
      <span className={`${ICON} text-link`}>{icon}</span>
      <span>{text}</span>
    </a>
  );

  return (
    <>
      <nav aria-label={t('label')} className="mt-2 flex bg-white px-2 py-1" data-testid="customer-actions">
        {tile('order', <OrderIcon size={24} />, t('order'))}
        {tile('deal', <StageIcon size={24} />, t('deal'))}
        {tile('tag', <TagIcon size={24} />, t('tag'))}
        {tile('survey', <SurveyIcon size={24} />, t('survey'))}
        {reassign ? (
          <Suspense fallback={null}>
            <ReassignButton customer={reassign.target} className={`${TILE} text-ink active:bg-black/5`} testId="action-reassign">
              <span className={`${ICON} text-link`}>
                <TeamIcon size={24} />
              </span>
              <span>{tTeam('reassign')}</span>
            </ReassignButton>
          </Suspense>
        ) : null}
      </nav>
      {reassign ? (
        <Suspense fallback={null}>
          <ReassignSheetHost customers={[reassign.target]} assignees={reassign.assignees} />
        </Suspense>
      ) : null}

      {notice ? (
        <p
          role="status"
          // At the top, under the navigation bar: a sheet left open (tags) covers the bottom of the screen.
          className="pointer-events-none fixed inset-x-0 top-[calc(var(--safe-top)+var(--header-h)+12px)] z-50 mx-auto w-fit max-w-[90%] rounded-lg bg-black/75 px-4 py-2 text-[14px] text-white"
          data-testid="action-notice"
        >
          {notice}
        </p>
      ) : null}

      {open ? (
        <BottomSheet key={open} title={open === 'survey' ? tSurvey('sheetTitle') : t(`${open}Title`)} closeLabel={tSheet('close')} onClose={sheet.close} testId={`${open}-sheet`}>
          <Suspense fallback={<SheetLoading />}>
            {open === 'order' ? <OrderSheet customerId={customerId} onDone={done} /> : null}
            {open === 'deal' ? <DealSheet customerId={customerId} deals={deals} onDone={done} /> : null}
            {open === 'tag' ? <TagSheet customerId={customerId} tags={manualTags} onDone={done} /> : null}
            {open === 'survey' ? <SurveySheet customerId={customerId} autonomous={autonomous} /> : null}
          </Suspense>
        </BottomSheet>
      ) : null}
    </>
  );
}
