// The list's tag filters and sort, as links: every state is a URL (?rel=loyal&sort=contact), so
// the phone's back button steps through them, a link can be shared, and it all works before JS.
// Filters are a horizontal scroller of chips, one group per dimension (one value per dimension:
// tapping another value of the same group replaces it; tapping the active one clears it).
// Words come from lib/engine/labels.ts — a chip reads like the tag on the customer's card.
// No prefetch: a row of 20 chips would fetch 20 list pages on every visit (issue 18).
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { CloseIcon } from '@/components/ui/icons.tsx';
import { FUNNEL_STAGES, label, LIFECYCLES, VALUE_TIERS } from '@/lib/engine/labels.ts';
import { CUSTOMER_SORTS, type CustomerListFilters, customersHref } from '@/lib/validation/customer.ts';
import { ChipScroller } from './chip-scroller.tsx';

type Group = { key: 'rel' | 'stage' | 'value' | 'life' | 'risk'; chips: { value: string; text: string }[] };

export function CustomerFilters({ filters }: { filters: CustomerListFilters }) {
  const t = useTranslations('customers');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const groups: Group[] = [
    // "undetermined" is what the engine says before it can tell; nobody filters for it.
    { key: 'rel', chips: (['loyal', 'dependent', 'autonomous'] as const).map((v) => ({ value: v, text: label('relationship', v, locale) })) },
    { key: 'risk', chips: [{ value: '1', text: label('loyalty', 'at_risk', locale) }] },
    { key: 'stage', chips: FUNNEL_STAGES.map((v) => ({ value: v, text: label('funnel', v, locale) })) },
    { key: 'value', chips: VALUE_TIERS.map((v) => ({ value: v, text: label('value', v, locale) })) },
    { key: 'life', chips: LIFECYCLES.map((v) => ({ value: v, text: label('lifecycle', v, locale) })) },
  ];
  const current = (key: Group['key']) => (key === 'risk' ? (filters.risk ? '1' : undefined) : filters[key]);
  const toggled = (key: Group['key'], value: string) => {
    const on = current(key) === value;
    if (key === 'risk') return customersHref({ ...filters, risk: !on });
    return customersHref({ ...filters, [key]: on ? undefined : value });
  };
  const anyActive = groups.some((g) => current(g.key) !== undefined);

  return (
    <ChipScroller label={t('filtersLabel')} activeKey={customersHref({ ...filters, q: '', sort: 'priority' })}>
      {anyActive ? (
        <Link
          href={customersHref({ q: filters.q, sort: filters.sort })}
          prefetch={false}
          className="flex h-8 shrink-0 items-center gap-1 rounded-full bg-white pl-2.5 pr-3 text-[13px] text-muted active:bg-black/5"
          data-testid="clear-filters"
        >
          <CloseIcon size={14} />
          {t('clearFilters')}
        </Link>
      ) : null}
      {groups.map((g, i) => (
        <div key={g.key} className="flex shrink-0 items-center gap-2">
          {i > 0 ? <span aria-hidden="true" className="h-4 w-px shrink-0 bg-black/10" /> : null}
          {g.chips.map((c) => {
            const active = current(g.key) === c.value;
            return (
              <Link
                key={c.value}
                href={toggled(g.key, c.value)}
                prefetch={false}
                aria-current={active ? 'true' : undefined}
                data-filter={`${g.key}:${c.value}`}
                className={`flex h-8 shrink-0 items-center whitespace-nowrap rounded-full px-3 text-[13px] active:opacity-70 ${
                  active ? 'bg-brand-soft font-medium text-brand-dark ring-1 ring-inset ring-brand/50' : 'bg-white text-ink'
                }`}
              >
                {c.text}
              </Link>
            );
          })}
        </div>
      ))}
    </ChipScroller>
  );
}

/** "Priority · Last contact · Name": a segmented control of links. */
export function CustomerSort({ filters }: { filters: CustomerListFilters }) {
  const t = useTranslations('customers');
  return (
    <div role="group" aria-label={t('sortLabel')} className="flex shrink-0 rounded-md bg-black/[0.06] p-0.5" data-testid="customer-sort">
      {CUSTOMER_SORTS.map((s) => {
        const active = filters.sort === s;
        return (
          <Link
            key={s}
            href={customersHref({ ...filters, sort: s })}
            prefetch={false}
            aria-current={active ? 'true' : undefined}
            data-sort={s}
            className={`flex h-7 items-center rounded px-2.5 text-[12px] ${active ? 'bg-white font-medium text-ink shadow-sm' : 'text-ink/80'}`}
          >
            {t(`sort.${s}`)}
          </Link>
        );
      })}
    </div>
  );
}
