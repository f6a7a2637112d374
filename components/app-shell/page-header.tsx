// The WeChat-style navigation bar: centred title, grey, sticky under the status bar; an optional
// control sits in each corner (the back button on the left, "+" or "edit" on the right).
export function PageHeader({
  title,
  subtitle,
  left,
  right,
}: {
  title: string;
  subtitle?: React.ReactNode;
  left?: React.ReactNode;
  right?: React.ReactNode;
}) {
  return (
    <header className="sticky top-0 z-20 bg-page pt-[var(--safe-top)]">
      <div className="relative flex h-[var(--header-h)] items-center justify-center px-12">
        {left ? <div className="absolute inset-y-0 left-0 flex items-center">{left}</div> : null}
        <h1 className="truncate text-[17px] font-semibold">{title}</h1>
        {right ? <div className="absolute inset-y-0 right-0 flex items-center">{right}</div> : null}
      </div>
      {subtitle ? <div className="px-4 pb-1 text-center text-xs text-muted">{subtitle}</div> : null}
    </header>
  );
}
