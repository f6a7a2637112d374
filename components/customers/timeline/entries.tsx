// One timeline entry each, WeChat chat style. The conversation is between us and the customer:
// what our reps did sits on the right in green bubbles (with the rep's avatar); what the customer
// did — reached out, paid, answered a survey — on the left in white (with the customer's avatar),
// an order as an orange "transfer" card; what changed about the relationship — deal stages, tags
// — is a grey notice in the middle, like a chat's system messages.
//
// Server- and client-safe (no 'use client'): the page renders the first page on the server and
// "load older" renders later pages with the same components in the browser. All text is rendered
// by React, so a comment containing <script> is shown as text.
import { useFormatter, useLocale, useTimeZone, useTranslations } from 'next-intl';
import { stageOf } from '@/lib/engine/stages.ts';
import {
  ATTITUDE_LABELS,
  COGNITION_LABELS,
  DEAL_STAGE_LABELS,
  DIMENSION_LABELS,
  type Dimension,
  INTERACTION_KIND_LABELS,
  label,
  type LABELS,
  type Locale,
} from '@/lib/engine/labels.ts';
import { renderReason } from '@/lib/engine/reasons.ts';
import type {
  TimelineInteraction,
  TimelineItem,
  TimelineManualTag,
  TimelineOrder,
  TimelineRecall,
  TimelineStage,
  TimelineSurvey,
  TimelineTags,
} from '@/lib/db/queries/timeline.ts';
import { isStepBack } from '@/lib/validation/deal-stages.ts';
import { chipTone } from '../chip.tsx';
import { CustomerAvatar } from '../customer-avatar.tsx';
import { sentence } from '../profile-view.ts';
import { CURRENCY } from '@/lib/domain/vocabulary.ts';
import { LogActions } from './log-actions.tsx';

export type TimelineParty = { id: string; name: string };

const AVATAR = 36;
const GREEN = 'bg-[#95ec69]';
const cap = (s: string, locale: Locale) => (locale === 'en' ? s.charAt(0).toUpperCase() + s.slice(1) : s);

function useTime() {
  const format = useFormatter();
  return (d: Date) => format.dateTime(d, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

// ---- layout pieces

/** The small grey line above a bubble: what, when, by whom. */
function Meta({ side, children }: { side: 'left' | 'right'; children: React.ReactNode }) {
  return (
    <p
      className={`mb-1 flex flex-wrap items-baseline gap-x-1.5 text-[12px] leading-4 text-muted ${
        side === 'right' ? 'justify-end pr-[46px]' : 'pl-[46px]'
      }`}
    >
      {children}
    </p>
  );
}

const Dot = () => (
  <span aria-hidden="true" className="text-faint">
    ·
  </span>
);

/** Avatar + bubble, mirrored for our side. The little tail points at the avatar. */
function Row({ side, avatar, children }: { side: 'left' | 'right'; avatar: TimelineParty; children: React.ReactNode }) {
  return (
    <div className={`flex items-start gap-2.5 ${side === 'right' ? 'flex-row-reverse' : ''}`}>
      <CustomerAvatar id={avatar.id} name={avatar.name} size={AVATAR} />
      <div className={`flex min-w-0 max-w-[calc(100%-92px)] flex-col ${side === 'right' ? 'items-end' : 'items-start'}`}>{children}</div>
    </div>
  );
}

function Tail({ side, tone }: { side: 'left' | 'right'; tone: string }) {
  return (
    <span
      aria-hidden="true"
      className={`absolute top-[13px] h-2.5 w-2.5 rotate-45 rounded-[1px] ${tone} ${side === 'right' ? '-right-[4px]' : '-left-[4px]'}`}
    />
  );
}

// A light pill on the page grey: muted text on it keeps 5.2:1 (a darker pill fell under 4.5:1).
function Notice({ children, testId, tone = 'bg-white/60' }: { children: React.ReactNode; testId: string; tone?: string }) {
  return (
    <div className="flex justify-center px-6">
      <div className={`max-w-full rounded-md px-3 py-1.5 text-[12px] leading-[18px] text-muted ${tone}`} data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

// ---- entries

function InteractionEntry({ item, customer, meId }: { item: TimelineInteraction; customer: TimelineParty; meId: string | null }) {
  const t = useTranslations('customer.timeline');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const time = useTime();
  const side = item.initiated_by === 'customer' ? 'left' : 'right';
  const kind = cap(INTERACTION_KIND_LABELS[item.kind]?.[locale] ?? item.kind, locale);
  const observed = item.attitude && item.cognition ? stageOf(item.attitude, item.cognition) : null;
  const rep = { id: item.rep_id, name: item.rep_name ?? '?' };
  const tone = side === 'right' ? GREEN : 'bg-white';
  const format = useFormatter();
  return (
    <>
      <Meta side={side}>
        {side === 'left' ? <span>{t('byCustomer')}</span> : null}
        {side === 'left' ? <Dot /> : null}
        <span className={item.kind === 'complaint' ? 'font-medium text-danger' : 'text-ink/70'}>{kind}</span>
        <Dot />
        <time dateTime={item.at.toISOString()}>{time(item.at)}</time>
        {item.duration_min ? (
          <>
            <Dot />
            <span>{t('minutes', { min: item.duration_min })}</span>
          </>
        ) : null}
        {side === 'right' && item.rep_id !== meId && item.rep_name ? (
          <>
            <Dot />
            <span>{item.rep_name}</span>
          </>
        ) : null}
      </Meta>
      <Row side={side} avatar={side === 'right' ? rep : customer}>
        <div className={`relative rounded-md px-3 py-2 text-[15px] leading-[22px] ${tone}`} data-testid="timeline-item">
          <Tail side={side} tone={tone} />
          {item.note ? (
            <p className="relative whitespace-pre-line break-words">{item.note}</p>
          ) : (
            <p className="relative text-black/65">{t('noNote')}</p>
          )}
          {item.attitude || item.cognition ? (
            <p className="relative mt-1 text-[13px] leading-5 text-black/65" data-testid="timeline-observation">
              {[item.attitude && ATTITUDE_LABELS[item.attitude][locale], item.cognition && COGNITION_LABELS[item.cognition][locale]]
                .filter(Boolean)
                .join(' · ')}
              {observed ? ` → ${label('funnel', observed, locale)}` : null}
            </p>
          ) : null}
          {/* Only an unhappy customer is worth a line: "positive" on every other visit is noise. */}
          {item.sentiment === 'negative' ? (
            <p className="relative mt-0.5 text-[13px] leading-5 text-danger">{t('sentiment.negative')}</p>
          ) : null}
          {item.next_step ? (
            <p className="relative mt-1 border-t border-black/10 pt-1 text-[13px] leading-5 text-black/65">{t('nextStep', { text: item.next_step })}</p>
          ) : null}
          {item.follow_up_at ? (
            <p className={`relative text-[13px] leading-5 text-black/60 ${item.next_step ? '' : 'mt-1 border-t border-black/10 pt-1'}`} data-testid="timeline-follow-up">
              {t('followUp', { day: format.dateTime(new Date(item.follow_up_at), { month: 'numeric', day: 'numeric', weekday: 'short' }) })}
            </p>
          ) : null}
        </div>
      </Row>
      {item.rep_id === meId || item.edits?.length ? (
        <div className={`flex flex-col px-14 text-[12px] leading-5 ${side === 'right' ? 'items-end text-right' : 'items-start'}`} data-testid="timeline-log-footer">
          {item.edits?.length ? <EditHistory item={item} /> : null}
          {item.rep_id === meId && item.created_at ? <LogActions item={item} /> : null}
        </div>
      ) : null}
    </>
  );
}

function OrderEntry({ item, customer }: { item: TimelineOrder; customer: TimelineParty }) {
  const t = useTranslations('customer.timeline');
  const format = useFormatter();
  const time = useTime();
  const amount = format.number(item.amount, { style: 'currency', currency: CURRENCY, currencyDisplay: 'narrowSymbol' });
  const flags = [item.discount_used ? t('discount') : null, item.premium ? t('premium') : null].filter(Boolean);
  return (
    <>
      <Meta side="left">
        <span className="text-ink/70">{t('order')}</span>
        <Dot />
        <time dateTime={item.at.toISOString()}>{time(item.at)}</time>
      </Meta>
      <Row side="left" avatar={customer}>
        <div className="relative w-[232px] max-w-full rounded-md bg-order text-white" data-testid="timeline-order">
          <Tail side="left" tone="bg-order" />
          <div className="relative flex items-center gap-3 px-3 py-3">
            <span aria-hidden="true" className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full border-[1.5px] border-white/90 text-[17px] font-medium">
              ¥
            </span>
            <span className="min-w-0">
              <span className="block truncate text-[17px] font-medium leading-6" data-testid="timeline-order-amount">
                {amount}
              </span>
              <span className="block text-[12px] leading-4 text-white">{t(`orderKind.${item.kind}`)}</span>
            </span>
          </div>
          {flags.length ? (
            <p className="relative border-t border-white/25 px-3 py-1 text-[12px] leading-4 text-white">{flags.join(' · ')}</p>
          ) : null}
        </div>
      </Row>
    </>
  );
}

function SurveyEntry({ item, customer }: { item: TimelineSurvey; customer: TimelineParty }) {
  const t = useTranslations('customer.timeline');
  const time = useTime();
  // NPS bands: promoters 9–10, passives 7–8, detractors 0–6
  const npsTone = item.nps >= 9 ? 'text-brand-dark' : item.nps >= 7 ? 'text-warn' : 'text-danger';
  return (
    <>
      <Meta side="left">
        <span className="text-ink/70">{t('survey')}</span>
        <Dot />
        <time dateTime={item.at.toISOString()}>{time(item.at)}</time>
      </Meta>
      <Row side="left" avatar={customer}>
        <div className="relative w-[232px] max-w-full rounded-md bg-white px-3 py-2.5" data-testid="timeline-survey">
          <Tail side="left" tone="bg-white" />
          <div className="relative flex gap-6">
            <p className="flex flex-col">
              <span className={`text-[20px] font-semibold leading-7 ${npsTone}`}>
                {item.nps}
                <span className="text-[13px] font-normal text-muted">/10</span>
              </span>
              <span className="text-[12px] text-muted">{t('nps')}</span>
            </p>
            <p className="flex flex-col">
              <span className="text-[20px] font-semibold leading-7">
                {item.csat}
                <span className="text-[13px] font-normal text-muted">/5</span>
              </span>
              <span className="text-[12px] text-muted">{t('csat')}</span>
            </p>
          </div>
          {item.comment ? (
            <blockquote className="relative mt-2 whitespace-pre-line break-words border-l-2 border-line pl-2 text-[14px] leading-[21px]" data-testid="timeline-survey-comment">
              {item.comment}
            </blockquote>
          ) : null}
        </div>
      </Row>
    </>
  );
}

function StageEntry({ item }: { item: TimelineStage }) {
  const t = useTranslations('customer.timeline');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const time = useTime();
  const stage = (s: string) => cap(DEAL_STAGE_LABELS[s]?.[locale] ?? s, locale);
  const deal = item.deal_title ?? t('untitledDeal');
  const back = isStepBack(item.from_stage, item.to_stage);
  // Two lines, each kept whole: which deal; then the move, when and by whom.
  return (
    <Notice testId="timeline-stage" tone={back ? 'bg-[#fff3e6]' : undefined}>
      <p className="text-center">
        {back ? (
          <span className="mr-1.5 font-medium text-warn" data-testid="timeline-step-back">
            {t('stepBack')}
          </span>
        ) : null}
        {item.from_stage === null ? t('dealOpened', { deal }) : t('dealMoved', { deal })}
      </p>
      <p className="text-center">
        <span className="whitespace-nowrap">
          {item.from_stage === null ? null : (
            <>
              <span className="text-ink/70">{stage(item.from_stage)}</span> →{' '}
            </>
          )}
          <span className={item.to_stage === 'won' ? 'font-medium text-brand-dark' : 'text-ink'}>{stage(item.to_stage)}</span>
        </span>
        <span className="ml-1.5 whitespace-nowrap text-muted">
          {time(item.at)}
          {item.by_name ? ` ${item.by_name}` : ''}
        </span>
      </p>
    </Notice>
  );
}

const isDimension = (d: string): d is Dimension => d in DIMENSION_LABELS;
const valueLabel = (dim: string, v: string | null, locale: Locale) =>
  v === null ? '—' : isDimension(dim) && dim !== 'priority' ? label(dim as keyof typeof LABELS, v, locale) : v;

function TagsEntry({ item }: { item: TimelineTags }) {
  const t = useTranslations('customer.timeline');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const time = useTime();
  const timeZone = useTimeZone() ?? 'Asia/Shanghai';
  const first = item.changes.every((c) => c.from === null);
  return (
    <Notice testId="timeline-tags">
      <p className="text-center">
        {first ? t('firstRated') : t('tagsUpdated')}
        <span className="ml-1.5 text-muted">{time(item.at)}</span>
      </p>
      {first ? (
        <p className="mt-1 flex flex-wrap justify-center gap-1">
          {item.changes.map((c) => (
            <span key={c.dimension} className={`inline-flex h-5 items-center rounded-[3px] px-1.5 text-[12px] ${chipTone(c.dimension, c.to)}`}>
              {valueLabel(c.dimension, c.to, locale)}
            </span>
          ))}
        </p>
      ) : (
        <ul className="mt-0.5 space-y-1">
          {item.changes.map((c) => {
            // elapsed days as of the change (the reason stores the instant)
            const why = c.reasons[0] ? sentence(renderReason(c.reasons[0], locale, { now: item.at.toISOString(), timeZone }), locale) : null;
            return (
              <li key={c.dimension}>
                <span className="text-ink/60">{isDimension(c.dimension) ? DIMENSION_LABELS[c.dimension][locale] : c.dimension}</span>
                {locale === 'en' ? ': ' : '：'}
                <span className="text-ink/70">{valueLabel(c.dimension, c.from, locale)}</span> →{' '}
                <span className={`inline-flex h-5 items-center rounded-[3px] px-1.5 text-[12px] ${chipTone(c.dimension, c.to)}`}>
                  {valueLabel(c.dimension, c.to, locale)}
                </span>
                {why ? <span className="block text-[12px] leading-4 text-muted">{why}</span> : null}
              </li>
            );
          })}
        </ul>
      )}
    </Notice>
  );
}

/** WeChat's "你撤回了一条消息": a grey line where the log was. */
function RecallEntry({ item, meId }: { item: TimelineRecall; meId: string | null }) {
  const t = useTranslations('customer.timeline');
  const time = useTime();
  return (
    <Notice testId="timeline-recall">
      {item.rep_id === meId ? t('recalledByMe') : t('recalledBy', { name: item.rep_name ?? t('someone') })}
      <span className="ml-1.5 text-muted">{time(item.at)}</span>
    </Notice>
  );
}

/** "已编辑" under a corrected log; opening it shows who changed what, when (no JS needed). */
function EditHistory({ item }: { item: TimelineInteraction }) {
  const t = useTranslations('customer.timeline');
  const tf = useTranslations('log.form');
  const format = useFormatter();
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const FIELD: Record<string, string> = { kind: tf('kind'), attitude: tf('attitude'), cognition: tf('cognition'), sentiment: tf('sentiment'),
    note: tf('note'), next_step: tf('nextStep'), follow_up_at: tf('followUp') };
  const show = (k: string, v: unknown) => {
    if (v === null || v === undefined || v === '') return '—';
    if (k === 'kind') return INTERACTION_KIND_LABELS[v as keyof typeof INTERACTION_KIND_LABELS]?.[locale] ?? String(v);
    if (k === 'attitude') return ATTITUDE_LABELS[v as 'accept' | 'doubt']?.[locale] ?? String(v);
    if (k === 'cognition') return COGNITION_LABELS[v as 'vague' | 'specific']?.[locale] ?? String(v);
    if (k === 'sentiment') return tf(`mood.${v as 'positive'}`);
    if (k === 'follow_up_at') return format.dateTime(new Date(String(v)), { month: 'numeric', day: 'numeric' });
    return String(v);
  };
  return (
    <details className="mt-0.5" data-testid="timeline-edits">
      <summary className="cursor-pointer list-none text-muted">{t('edited')}</summary>
      <ul className="mt-1 space-y-1 break-words text-left [overflow-wrap:anywhere]">
        {item.edits.map((e, i) => (
          <li key={i}>
            <span className="text-muted">{t('editHistory', { name: e.by_name ?? t('someone'), time: format.dateTime(new Date(e.at), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) })}</span>
            {Object.keys(e.after).map((k) => (
              <span key={k} className="block text-ink/70">
                {FIELD[k] ?? k}
                {locale === 'en' ? ': ' : '：'}
                {show(k, e.before[k])} → {show(k, e.after[k])}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </details>
  );
}

function ManualTagEntry({ item }: { item: TimelineManualTag }) {
  const t = useTranslations('customer.timeline');
  const time = useTime();
  const who = item.by_name ?? t('someone');
  return (
    <Notice testId="timeline-tag">
      {t(item.added ? 'tagAdded' : 'tagRemoved', { name: who })}{' '}
      <span className={item.added ? 'text-brand-dark' : 'text-ink/60 line-through'}>#{item.tag}</span>
      <span className="ml-1.5 text-muted">{time(item.at)}</span>
    </Notice>
  );
}

export function TimelineEntry({ item, customer, meId }: { item: TimelineItem; customer: TimelineParty; meId: string | null }) {
  switch (item.type) {
    case 'interaction':
      return <InteractionEntry item={item} customer={customer} meId={meId} />;
    case 'order':
      return <OrderEntry item={item} customer={customer} />;
    case 'survey':
      return <SurveyEntry item={item} customer={customer} />;
    case 'stage':
      return <StageEntry item={item} />;
    case 'tags':
      return <TagsEntry item={item} />;
    case 'tag':
      return <ManualTagEntry item={item} />;
    case 'recall':
      return <RecallEntry item={item} meId={meId} />;
  }
}
