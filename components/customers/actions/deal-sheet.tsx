'use client';
// Move a deal to another stage (POST /api/deals/[id]/stage), or open one (POST /api/deals) when
// the customer has none yet — or another. Any stage may be picked: going back (quote → needs) is
// allowed and said out loud, because seed 000 reads it as a sign of a dependent customer.
import { useRef, useState } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { DEAL_STAGE_LABELS } from '@/lib/engine/labels.ts';
import type { OpenDealResponse, StageChangeResponse } from '@/lib/validation/deal.ts';
import { DEAL_STAGES, DEAL_STEPS, type DealStage, isStepBack } from '@/lib/validation/deal-stages.ts';
import { CheckIcon } from '@/components/ui/icons.tsx';
import { ErrorLine, Legend, newId, parseAmount, Segmented, SubmitButton, useJsonRequest } from './form-kit.tsx';
import { CURRENCY, LIMITS } from '@/lib/domain/vocabulary.ts';

export type DealSummary = { id: string; title: string | null; stage: DealStage; amount: string | null };

const OUTCOMES: readonly DealStage[] = ['won', 'lost'];

function useStageLabel() {
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  return (s: DealStage) => {
    const l = DEAL_STAGE_LABELS[s]?.[locale] ?? s;
    return locale === 'en' ? l.charAt(0).toUpperCase() + l.slice(1) : l;
  };
}

function StagePicker({ current, value, onChange }: { current: DealStage | null; value: DealStage | null; onChange: (s: DealStage) => void }) {
  const t = useTranslations('customer.actions.dealSheet');
  const stageLabel = useStageLabel();
  return (
    <ul role="radiogroup" aria-label={t('pickStage')} className="mx-4 divide-y divide-line/80 overflow-hidden rounded-lg bg-white" data-testid="stage-picker">
      {DEAL_STAGES.map((s, i) => {
        const isCurrent = s === current;
        const selected = s === value;
        return (
          <li key={s}>
            <label
              className={`flex min-h-[48px] items-center gap-3 px-4 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:-outline-offset-2 has-[:focus-visible]:outline-brand ${
                isCurrent ? 'cursor-default' : 'cursor-pointer active:bg-black/5'
              }`}
            >
              <input
                type="radio"
                name="to_stage"
                value={s}
                checked={selected}
                disabled={isCurrent}
                onChange={() => onChange(s)}
                className="sr-only"
              />
              <span className={`w-5 text-center text-[12px] tabular-nums ${OUTCOMES.includes(s) ? 'text-transparent' : 'text-muted'}`}>{i + 1}</span>
              <span className={`flex-1 text-[16px] ${isCurrent ? 'text-muted' : ''}`}>{stageLabel(s)}</span>
              {isCurrent ? <span className="rounded bg-page px-1.5 py-0.5 text-[12px] text-muted">{t('current')}</span> : null}
              {selected ? <CheckIcon size={20} className="text-brand" /> : null}
            </label>
          </li>
        );
      })}
    </ul>
  );
}

function NewDealForm({ customerId, onDone, onCancel }: { customerId: string; onDone: (notice: string) => void; onCancel?: () => void }) {
  const t = useTranslations('customer.actions.dealSheet');
  const tActions = useTranslations('customer.actions');
  const stageLabel = useStageLabel();
  const format = useFormatter();
  const [title, setTitle] = useState('');
  const [stage, setStage] = useState<(typeof DEAL_STEPS)[number]>('needs');
  const [amount, setAmount] = useState('');
  const dealId = useRef<string | null>(null);
  const { send, pending, error, setError } = useJsonRequest();

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (pending) return;
    const value = amount.trim() ? parseAmount(amount) : null;
    if (value !== null && value > LIMITS.amountMax) {
      setError(t('amountTooBig', { max: format.number(LIMITS.amountMax, { style: 'currency', currency: CURRENCY, maximumFractionDigits: 0 }) }));
      return;
    }
    if (value !== null && !(value >= 0)) {
      setError(t('amountInvalid'));
      return;
    }
    dealId.current ??= newId();
    const ok = await send<OpenDealResponse>('/api/deals', 'POST', { id: dealId.current, customer_id: customerId, title, stage, amount: value });
    if (!ok) return;
    dealId.current = null;
    onDone(tActions('dealSaved'));
  }

  return (
    <form onSubmit={save} noValidate data-testid="deal-new-form">
      <label className="block px-4 pt-1">
        <span className="block pb-1.5 text-[13px] text-muted">{t('newTitle')}</span>
        <input
          name="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={100}
          placeholder={t('titlePlaceholder')}
          className="h-12 w-full rounded-lg bg-white px-3 outline-none placeholder:text-hint focus-visible:outline-2 focus-visible:outline-brand"
        />
      </label>
      <Segmented
        name="start-stage"
        legend={t('startStage')}
        options={DEAL_STEPS.map((s) => ({ value: s, label: stageLabel(s) }))}
        value={stage}
        onChange={setStage}
      />
      <label className="block px-4 pt-3">
        <span className="block pb-1.5 text-[13px] text-muted">{t('amount')}</span>
        <input
          name="amount"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          inputMode="decimal"
          autoComplete="off"
          placeholder="¥"
          className="h-12 w-full rounded-lg bg-white px-3 outline-none placeholder:text-hint focus-visible:outline-2 focus-visible:outline-brand"
        />
      </label>
      <ErrorLine error={error} />
      <SubmitButton pending={pending} pendingText={tActions('saving')}>
        {t('create')}
      </SubmitButton>
      {onCancel ? (
        <button type="button" onClick={onCancel} className="mx-auto mt-2 block min-h-[44px] px-4 text-[14px] text-link">
          {t('backToDeals')}
        </button>
      ) : null}
    </form>
  );
}

export function DealSheet({ customerId, deals, onDone }: { customerId: string; deals: DealSummary[]; onDone: (notice: string) => void }) {
  const t = useTranslations('customer.actions.dealSheet');
  const tActions = useTranslations('customer.actions');
  const tTimeline = useTranslations('customer.timeline');
  const format = useFormatter();
  const stageLabel = useStageLabel();
  const [creating, setCreating] = useState(deals.length === 0);
  const [dealId, setDealId] = useState(deals[0]?.id ?? null);
  const [to, setTo] = useState<DealStage | null>(null);
  const { send, pending, error } = useJsonRequest();

  if (creating) return <NewDealForm customerId={customerId} onDone={onDone} onCancel={deals.length ? () => setCreating(false) : undefined} />;

  const deal = deals.find((d) => d.id === dealId) ?? deals[0]!;
  const back = to !== null && isStepBack(deal.stage, to);

  async function move(e: React.FormEvent) {
    e.preventDefault();
    if (pending || !to) return;
    const ok = await send<StageChangeResponse>(`/api/deals/${deal.id}/stage`, 'POST', { to_stage: to });
    if (!ok) return;
    onDone(tActions('stageSaved', { stage: stageLabel(ok.to_stage) }));
  }

  return (
    <form onSubmit={move} noValidate data-testid="deal-move-form">
      {deals.length > 1 ? (
        <>
          <Legend>{t('pick')}</Legend>
          <ul role="radiogroup" aria-label={t('pick')} className="mx-4 divide-y divide-line/80 overflow-hidden rounded-lg bg-white">
            {deals.map((d) => (
              <li key={d.id}>
                <label className="flex min-h-[52px] cursor-pointer items-center gap-3 px-4 active:bg-black/5 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:-outline-offset-2 has-[:focus-visible]:outline-brand">
                  <input
                    type="radio"
                    name="deal"
                    value={d.id}
                    checked={d.id === deal.id}
                    onChange={() => {
                      setDealId(d.id);
                      setTo(null);
                    }}
                    className="sr-only"
                  />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-[16px]">{d.title ?? tTimeline('untitledDeal')}</span>
                    <span className="block text-[12px] text-muted">
                      {stageLabel(d.stage)}
                      {d.amount ? ` · ${format.number(Number(d.amount), { style: 'currency', currency: CURRENCY, currencyDisplay: 'narrowSymbol' })}` : ''}
                    </span>
                  </span>
                  {d.id === deal.id ? <CheckIcon size={20} className="text-brand" /> : null}
                </label>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Legend>
        {deals.length > 1 ? t('pickStage') : t('stageOf', { deal: deal.title ?? tTimeline('untitledDeal') })}
      </Legend>
      <StagePicker current={deal.stage} value={to} onChange={setTo} />
      {back ? (
        <p className="mx-4 mt-2 rounded-md bg-[#fff3e6] px-3 py-2 text-[13px] leading-5 text-warn" data-testid="step-back-hint">
          {t('stepBackHint')}
        </p>
      ) : null}
      <ErrorLine error={error} />
      <SubmitButton pending={pending} disabled={!to} pendingText={tActions('saving')}>
        {to ? t('moveTo', { stage: stageLabel(to) }) : t('pickFirst')}
      </SubmitButton>
      <button type="button" onClick={() => setCreating(true)} className="mx-auto mt-2 block min-h-[44px] px-4 text-[14px] text-link" data-testid="deal-new-open">
        {t('newDeal')}
      </button>
    </form>
  );
}
