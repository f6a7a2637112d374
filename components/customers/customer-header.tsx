// The top of a customer's page, WeChat contact-card style: avatar, name, company · region,
// owner; the profile chips (each opens its "why" sheet); fact and manual tags; then the two
// things a rep does from here — call, or log what happened.
import { useTranslations } from 'next-intl';
import type { CustomerDetail } from '@/lib/db/queries/customer-detail.ts';
import { CallLink } from './after-call.tsx';
import { CustomerAvatar } from './customer-avatar.tsx';
import { chipTone, CHIP_CLASS } from './chip.tsx';
import { DimensionChip } from './dimension-sheet.tsx';
import type { ProfileChip } from './profile-view.ts';

export type HeaderTag = { key: string; text: string; kind: 'fact' | 'manual' };

export function CustomerHeader({
  customer,
  chips,
  tags,
  computedAt,
  actions,
}: {
  customer: Pick<CustomerDetail, 'id' | 'name' | 'company' | 'region' | 'owner_name' | 'phone'>;
  chips: ProfileChip[] | null;
  tags: HeaderTag[];
  computedAt: string | null;
  actions?: React.ReactNode;
}) {
  const t = useTranslations('customer');
  const sub = [customer.company, customer.region].filter(Boolean).join(' · ');
  return (
    <section className="bg-white" aria-labelledby="customer-name">
      <div className="flex items-center gap-4 px-4 pb-4 pt-3">
        <CustomerAvatar id={customer.id} name={customer.name} size={60} />
        <div className="min-w-0 flex-1">
          <h2 id="customer-name" className="truncate text-[20px] font-semibold leading-7" data-testid="customer-title">
            {customer.name}
          </h2>
          {sub ? <p className="truncate text-[14px] leading-5 text-muted">{sub}</p> : null}
          <p className="truncate text-[13px] leading-5 text-muted" data-testid="customer-owner">
            {customer.owner_name ? t('owner', { name: customer.owner_name }) : t('ownerUnknown')}
          </p>
        </div>
      </div>

      <div className="px-4 pb-3" aria-label={t('profileLabel')} role="group">
        {chips ? (
          <>
            <div className="flex flex-wrap items-center gap-x-2 gap-y-2" data-testid="profile-chips">
              {chips.map((c) => (
                <DimensionChip key={c.key} chip={c} />
              ))}
            </div>
            {computedAt ? (
              <p className="mt-2 text-[12px] text-muted">
                {t('computedAt', { time: computedAt })} · {t('tapHint')}
              </p>
            ) : null}
          </>
        ) : (
          <div className="rounded-lg bg-page px-3 py-2.5" data-testid="profile-not-computed">
            <p className="text-[14px]">{t('notComputed')}</p>
            <p className="mt-0.5 text-[12px] leading-5 text-muted">{t('notComputedHint')}</p>
          </div>
        )}
        {tags.length ? (
          <ul className="mt-3 flex flex-wrap gap-1.5" aria-label={t('tags')} data-testid="fact-tags">
            {tags.map((tag) => (
              <li key={tag.key} data-kind={tag.kind} className={`${CHIP_CLASS} h-6 text-[12px] ${chipTone(tag.kind)}`}>
                {tag.kind === 'manual' ? <span aria-hidden="true">#</span> : null}
                {tag.text}
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <div className="flex hairline-t">
        {customer.phone ? (
          <CallLink customerId={customer.id} customerName={customer.name} phone={customer.phone} label={t('call', { phone: customer.phone })} />
        ) : null}
        {actions}
      </div>
    </section>
  );
}
