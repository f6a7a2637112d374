// The WeChat-style navigation bar: centred title, grey, sticky under the status bar.
export function PageHeader({ title, subtitle }: { title: string; subtitle?: React.ReactNode }) {
  return (
    <header className="sticky top-0 z-20 bg-page pt-[var(--safe-top)]">
      <div className="flex h-[var(--header-h)] items-center justify-center px-12">
        <h1 className="truncate text-[17px] font-semibold">{title}</h1>
      </div>
      {subtitle ? <div className="px-4 pb-1 text-center text-xs text-muted">{subtitle}</div> : null}
    </header>
  );
}
