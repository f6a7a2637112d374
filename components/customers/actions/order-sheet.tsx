'use client';
// Add an order: amount (¥), product or service, discount used, premium features, date →
// POST /api/orders. The id is made once per order, so a second tap on save (or a retry after a
// timeout) cannot store it twice.
import { useRef, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { CURRENCY, LIMITS } from '@/lib/domain/vocabulary.ts';
import type { AddOrderResponse } from '@/lib/validation/order.ts';
import { ErrorLine, localDateString, newId, parseAmount, Segmented, SubmitButton, SwitchRow, useJsonRequest } from './form-kit.tsx';

export function OrderSheet({ customerId, onDone }: { customerId: string; onDone: (notice: string) => void }) {
  const t = useTranslations('customer.actions.orderSheet');
  const tActions = useTranslations('customer.actions');
  const format = useFormatter();
  const [amount, setAmount] = useState('');
  const [kind, setKind] = useState<'product' | 'service'>('product');
  const [discount, setDiscount] = useState(false);
  const [premium, setPremium] = useState(false);
  const [today] = useState(() => localDateString(new Date()));
  const [date, setDate] = useState(today);
  const orderId = useRef<string | null>(null);
  const { send, pending, error, setError } = useJsonRequest();

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (pending) return;
    const value = parseAmount(amount);
    if (value > LIMITS.amountMax) {
      setError(t('amountTooBig', { max: format.number(LIMITS.amountMax, { style: 'currency', currency: CURRENCY, maximumFractionDigits: 0 }) }));
      return;
    }
    if (!(value >= LIMITS.orderAmountMin)) {
      setError(t('amountInvalid'));
      return;
    }
    // Today: now. Another day: its noon, in the phone's time zone — the same calendar day everywhere in China.
    const orderedAt = date === today || !date ? new Date() : new Date(`${date}T12:00:00`);
    orderId.current ??= newId();
    const ok = await send<AddOrderResponse>('/api/orders', 'POST', {
      id: orderId.current,
      customer_id: customerId,
      amount: value,
      kind,
      discount_used: discount,
      premium,
      ordered_at: orderedAt.toISOString(),
    });
    if (!ok) return;
    orderId.current = null;
    onDone(tActions('orderSaved'));
  }

  return (
    <form onSubmit={save} noValidate data-testid="order-form">
      <label className="block px-4 pt-1">
        <span className="block pb-1.5 text-[13px] text-muted">{t('amount')}</span>
        <span className="flex items-center gap-1 rounded-lg bg-white px-3 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand">
          <span aria-hidden="true" className="text-[24px] font-medium">
            ¥
          </span>
          {/* text-[28px]! — globals.css sizes inputs at 16px outside any layer, which beats a plain utility */}
          <input
            name="amount"
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              setError(null);
            }}
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            aria-describedby={error ? 'order-error' : undefined}
            className="h-14 min-w-0 flex-1 bg-transparent text-[28px]! font-medium outline-none placeholder:text-hint"
          />
        </span>
      </label>
      <Segmented
        name="order-kind"
        legend={t('kind')}
        options={[
          { value: 'product', label: t('product') },
          { value: 'service', label: t('service') },
        ]}
        value={kind}
        onChange={setKind}
      />
      <div className="mx-4 mt-3 divide-y divide-line/80 overflow-hidden rounded-lg bg-white">
        <SwitchRow label={t('discount')} hint={t('discountHint')} checked={discount} onChange={setDiscount} />
        <SwitchRow label={t('premium')} hint={t('premiumHint')} checked={premium} onChange={setPremium} />
        <label className="flex min-h-[52px] items-center gap-3 px-4">
          <span className="flex-1 text-[16px]">{t('date')}</span>
          <input
            type="date"
            name="ordered_at"
            value={date}
            max={today}
            onChange={(e) => setDate(e.target.value)}
            className="h-10 bg-transparent text-right text-[16px] text-ink outline-none"
          />
        </label>
      </div>
      <div id="order-error">
        <ErrorLine error={error} />
      </div>
      <SubmitButton pending={pending} pendingText={tActions('saving')}>
        {t('submit')}
      </SubmitButton>
    </form>
  );
}
