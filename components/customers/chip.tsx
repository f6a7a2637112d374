// Tag chips: one colour family per dimension value, shared by the list rows and the customer
// page so a tag looks the same everywhere. Words come from lib/engine/labels.ts, not from here.

const STYLES: Record<string, Record<string, string> & { _: string }> = {
  relationship: {
    _: 'bg-[#f2f2f2] text-muted',
    autonomous: 'bg-[#e6f6ff] text-[#0a6fa8]',
    dependent: 'bg-[#fff3e6] text-warn',
    loyal: 'bg-brand-soft text-brand-dark',
  },
  funnel: { _: 'bg-[#eef1f6] text-link' },
  value: {
    _: 'bg-[#f2f2f2] text-muted',
    high: 'bg-[#fff1e8] text-[#b3441c]',
    low: 'bg-[#f5f5f5] text-muted',
  },
  lifecycle: {
    _: 'bg-[#eef1f6] text-link',
    active: 'bg-[#e6f6f4] text-[#0a7168]',
    inactive: 'bg-[#fff7e6] text-warn',
    churned: 'bg-[#f2f2f2] text-muted',
  },
  loyalty: {
    _: 'bg-[#f2f2f2] text-muted',
    loyal: 'bg-brand-soft text-brand-dark',
    at_risk: 'bg-[#fff0f0] text-danger',
    churned: 'bg-[#f2f2f2] text-muted',
  },
  needs: { _: 'bg-[#f0f0ff] text-[#5457d6]' },
  fact: { _: 'bg-page text-[#5f5f5f]' },
  manual: { _: 'bg-white text-brand-dark ring-1 ring-inset ring-brand/50' },
};

export function chipTone(group: string, value?: string | null): string {
  const g = STYLES[group] ?? STYLES.fact!;
  return (value ? g[value] : undefined) ?? g._;
}

/** The list's small chip (18px): information, not a control. */
export function SmallChip({ tone, children }: { tone: string; children: React.ReactNode }) {
  return (
    <span className={`inline-flex h-5 shrink-0 items-center whitespace-nowrap rounded-[3px] px-1.5 text-[12px] leading-none ${tone}`}>
      {children}
    </span>
  );
}

/** The customer page's chip body (28px): wrapped in a link when it opens its reasons. */
export const CHIP_CLASS = 'inline-flex h-7 shrink-0 items-center gap-1 whitespace-nowrap rounded px-2 text-[13px] leading-none';
