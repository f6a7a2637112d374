// WeChat-style settings cells: white rows with hairlines, grouped with grey gaps.
export function CellGroup({ children }: { children: React.ReactNode }) {
  return <div className="mb-2 divide-y divide-line/80 bg-white">{children}</div>;
}

export function Cell({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="flex min-h-[52px] items-center justify-between gap-4 px-4">
      <span className="shrink-0 text-[16px]">{label}</span>
      <span className="min-w-0 truncate text-right text-[15px] text-muted" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
