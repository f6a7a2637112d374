// One customer in the list: avatar, name, profile chips (+ 潜在流失 when at risk), company · region,
// last contact; the whole row opens the customer's page. Presentational only (rendered by the
// server page and by the client "load more").
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { label } from '@/lib/engine/labels.ts';
import type { CustomerListItem } from '@/lib/db/queries/customers.ts';
import { CustomerAvatar } from './customer-avatar.tsx';
import { chipTone, SmallChip } from './chip.tsx';

export function CustomerRow({ customer }: { customer: CustomerListItem }) {
  const t = useTranslations('customers');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const { funnel_stage: funnel, value_tier: tier, last_contact_days: days } = customer;
  // "undetermined" (too little history to say) is not worth a chip on a busy list.
  const rel = customer.relationship_type === 'undetermined' ? null : customer.relationship_type;
  const sub = [customer.company, customer.region].filter(Boolean).join(' · ');
  return (
    <li data-testid="customer-row">
      {/* no prefetch: 20 rows would fetch 20 customer pages on every list visit (issue 18) */}
      <Link href={`/customers/${customer.id}`} prefetch={false} className="flex min-h-[72px] items-center gap-3 bg-white pl-4 active:bg-black/5">
        <CustomerAvatar id={customer.id} name={customer.name} size={44} />
        <div className="min-w-0 flex-1 self-stretch py-3 pr-4 hairline-b">
          <div className="flex items-baseline gap-2">
            <span className="min-w-0 flex-1 truncate text-[16px] leading-6" data-testid="customer-name">
              {customer.name}
            </span>
            <span className="shrink-0 text-[12px] text-muted" data-testid="customer-last-contact">
              {days === null ? t('neverContacted') : t('lastContact', { days: Math.max(0, days) })}
            </span>
          </div>
          {/* Chips first; company · region follows on the same line, or wraps below when the chips leave too little room. */}
          <div className="mt-1 flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-1">
            {rel ? <SmallChip tone={chipTone('relationship', rel)}>{label('relationship', rel, locale)}</SmallChip> : null}
            {funnel ? <SmallChip tone={chipTone('funnel', funnel)}>{label('funnel', funnel, locale)}</SmallChip> : null}
            {tier ? <SmallChip tone={chipTone('value', tier)}>{label('value', tier, locale)}</SmallChip> : null}
            {customer.loyalty === 'at_risk' ? <SmallChip tone={chipTone('loyalty', 'at_risk')}>{label('loyalty', 'at_risk', locale)}</SmallChip> : null}
            {sub ? <span className="min-w-[8em] flex-1 basis-0 truncate text-[13px] leading-5 text-muted">{sub}</span> : null}
          </div>
        </div>
      </Link>
    </li>
  );
}
