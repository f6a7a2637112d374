// One customer in the list: avatar, name, profile chips, company · region, last contact.
// Presentational only (rendered by the server page and by the client "load more").
import { useTranslations } from 'next-intl';
import type { CustomerListItem } from '@/lib/db/queries/customers.ts';

const AVATAR_COLORS = ['#07c160', '#10aeff', '#fa9d3b', '#576b95', '#6467f0', '#15bbb1', '#e16fa1', '#8a8a8a'];

function avatarColor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[h % AVATAR_COLORS.length]!;
}

const CHIP = {
  relationship: {
    autonomous: 'bg-[#e6f6ff] text-[#0c8fd6]',
    dependent: 'bg-[#fff3e6] text-[#d97a10]',
    loyal: 'bg-brand-soft text-brand-dark',
  } as Record<string, string>,
  funnel: 'bg-[#eef1f6] text-[#576b95]',
  valueTier: {
    high: 'bg-[#fff1e8] text-[#d4572a]',
    normal: 'bg-[#f2f2f2] text-[#666]',
    low: 'bg-[#f5f5f5] text-[#999]',
  } as Record<string, string>,
};

type Translate = ReturnType<typeof useTranslations<'customers'>>;

/** Known engine values get their zh/en label; an unknown one shows as stored rather than vanishing. */
function label(t: Translate, group: 'relationship' | 'funnel' | 'valueTier', value: string): string {
  const key = `${group}.${value}`;
  return t.has(key as Parameters<Translate['has']>[0]) ? t(key as Parameters<Translate>[0]) : value;
}

function Chip({ className, children }: { className: string; children: React.ReactNode }) {
  return <span className={`inline-flex h-[18px] shrink-0 items-center whitespace-nowrap rounded-[3px] px-1.5 text-[11px] leading-none ${className}`}>{children}</span>;
}

export function CustomerRow({ customer }: { customer: CustomerListItem }) {
  const t = useTranslations('customers');
  const { funnel_stage: funnel, value_tier: tier, last_contact_days: days } = customer;
  // "undetermined" (too little history to say) is not worth a chip on a busy list.
  const rel = customer.relationship_type === 'undetermined' ? null : customer.relationship_type;
  const sub = [customer.company, customer.region].filter(Boolean).join(' · ');
  return (
    <li className="flex min-h-[72px] items-center gap-3 bg-white pl-4" data-testid="customer-row">
      <span
        aria-hidden="true"
        className="flex h-11 w-11 shrink-0 items-center justify-center rounded-md text-[18px] font-medium text-white"
        style={{ backgroundColor: avatarColor(customer.id) }}
      >
        {Array.from(customer.name)[0]}
      </span>
      <div className="min-w-0 flex-1 self-stretch py-3 pr-4 hairline-b">
        <div className="flex items-baseline gap-2">
          <span className="min-w-0 flex-1 truncate text-[16px] leading-6" data-testid="customer-name">
            {customer.name}
          </span>
          <span className="shrink-0 text-[11px] text-faint" data-testid="customer-last-contact">
            {days === null ? t('neverContacted') : t('lastContact', { days: Math.max(0, days) })}
          </span>
        </div>
        {/* Chips first; company · region follows on the same line, or wraps below when the chips leave too little room. */}
        <div className="mt-1 flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-1">
          {rel ? <Chip className={CHIP.relationship[rel] ?? CHIP.funnel}>{label(t, 'relationship', rel)}</Chip> : null}
          {funnel ? <Chip className={CHIP.funnel}>{label(t, 'funnel', funnel)}</Chip> : null}
          {tier ? <Chip className={CHIP.valueTier[tier] ?? CHIP.valueTier.normal!}>{label(t, 'valueTier', tier)}</Chip> : null}
          {sub ? <span className="min-w-[8em] flex-1 basis-0 truncate text-[13px] leading-5 text-muted">{sub}</span> : null}
        </div>
      </div>
    </li>
  );
}
