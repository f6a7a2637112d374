'use client';
// What a rep does to a customer besides logging and calling (those two sit in the card above):
// add an order, move a deal, tag them — tiles like the "+" panel of a WeChat chat. The open
// sheet is `?action=order|deal|tag` in the URL, so the phone's back button closes it.
//
// After a save the page refreshes at once (the new entry shows on the timeline) and twice more
// (~1.5 s, ~4 s) to pick up the tags the recompute writes just after the response.
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import { OrderIcon, StageIcon, SurveyIcon, TagIcon, TeamIcon } from '@/components/ui/icons.tsx';
import type { DealSummary } from './deal-sheet.tsx';
import { type AssigneeOption, ReassignButton, ReassignSheetHost, type ReassignTarget } from '@/components/team/reassign-sheet.tsx';

// The sheets' code (and the zod schemas they check with) loads when one opens, not with the page:
// the customer page's first load stays under its budget (docs/benchmarks-web.md). The service
// worker precaches these chunks, so they open offline too.
function SheetLoading() {
  const t = useTranslations('errors');
  return <p className="px-4 py-10 text-center text-[14px] text-muted">{t('loading')}</p>;
}
const OrderSheet = dynamic(() => import('./order-sheet.tsx').then((m) => m.OrderSheet), { loading: SheetLoading });
const DealSheet = dynamic(() => import('./deal-sheet.tsx').then((m) => m.DealSheet), { loading: SheetLoading });
const TagSheet = dynamic(() => import('./tag-sheet.tsx').then((m) => m.TagSheet), { loading: SheetLoading });
const SurveySheet = dynamic(() => import('@/components/surveys/survey-sheet.tsx').then((m) => m.SurveySheet), { loading: SheetLoading });

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
      <span className={`${ICON} text-[#576b95]`}>{icon}</span>
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
          <ReassignButton customer={reassign.target} className={`${TILE} text-ink active:bg-black/5`} testId="action-reassign">
            <span className={`${ICON} text-[#576b95]`}>
              <TeamIcon size={24} />
            </span>
            <span>{tTeam('reassign')}</span>
          </ReassignButton>
        ) : null}
      </nav>
      {reassign ? <ReassignSheetHost customers={[reassign.target]} assignees={reassign.assignees} /> : null}

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
          {open === 'order' ? <OrderSheet customerId={customerId} onDone={done} /> : null}
          {open === 'deal' ? <DealSheet customerId={customerId} deals={deals} onDone={done} /> : null}
          {open === 'tag' ? <TagSheet customerId={customerId} tags={manualTags} onDone={done} /> : null}
          {open === 'survey' ? <SurveySheet customerId={customerId} autonomous={autonomous} /> : null}
        </BottomSheet>
      ) : null}
    </>
  );
}
