// The period of the whole insights page: preset chips (links, so the period is in the URL and
// back/forward step through it) and a custom range of dates (a GET form: no script needed).
import Link from 'next/link';

export type PeriodChip = { key: string; label: string; href: string };

export function PeriodPicker({
  chips,
  active,
  label,
  range,
  hidden,
  labels,
}: {
  chips: PeriodChip[];
  active: string;
  label: string;
  range: { from: string; to: string; max: string };
  /** other URL state carried along by the form */
  hidden: Record<string, string>;
  labels: { range: string; from: string; to: string; apply: string };
}) {
  return (
    <div className="bg-page pb-2">
      <div role="group" aria-label={label} className="flex gap-2 overflow-x-auto px-3 [scrollbar-width:none]" data-testid="period-chips">
        {chips.map((c) => (
          <Link
            key={c.key}
            href={c.href}
            scroll={false}
            replace
            aria-current={c.key === active ? 'true' : undefined}
            className={`flex h-11 shrink-0 items-center rounded-full px-3.5 text-[14px] ${
              c.key === active ? 'bg-brand font-medium text-white' : 'bg-white text-ink active:bg-black/5'
            }`}
            data-testid={`period-${c.key}`}
          >
            {c.label}
          </Link>
        ))}
      </div>
      <details className="group mx-3 mt-2 rounded-lg bg-white" open={active === 'range'}>
        <summary
          className={`flex min-h-[44px] cursor-pointer list-none items-center px-3 text-[14px] [&::-webkit-details-marker]:hidden ${
            active === 'range' ? 'font-medium text-brand-dark' : 'text-ink'
          }`}
          data-testid="period-range"
        >
          {labels.range}
          <span aria-hidden="true" className="ml-auto text-faint transition-transform group-open:rotate-90">
            ›
          </span>
        </summary>
        <form method="get" action="/insights" className="flex flex-wrap items-end gap-2 px-3 pb-3">
          {Object.entries(hidden).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <label className="flex min-w-[8.5rem] flex-1 flex-col text-[12px] text-muted">
            {labels.from}
            <input name="from" type="date" required defaultValue={range.from} max={range.max} className="mt-1 h-11 rounded-md bg-page px-2 text-ink" />
          </label>
          <label className="flex min-w-[8.5rem] flex-1 flex-col text-[12px] text-muted">
            {labels.to}
            <input name="to" type="date" required defaultValue={range.to} max={range.max} className="mt-1 h-11 rounded-md bg-page px-2 text-ink" />
          </label>
          <button type="submit" className="h-11 rounded-md bg-brand px-4 text-[15px] font-medium text-white active:bg-brand-dark">
            {labels.apply}
          </button>
        </form>
      </details>
    </div>
  );
}
