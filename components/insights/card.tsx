// A section of the insights page: a white card with a title, a one-line note on what the
// numbers are, the chart or list, and (optionally) the same numbers as a table behind "查看数据".
export function InsightCard({
  title,
  hint,
  right,
  children,
  testId,
}: {
  title: string;
  hint?: React.ReactNode;
  right?: React.ReactNode;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <section className="mb-2 bg-white pb-2" data-testid={testId} aria-label={title}>
      <div className="flex items-start justify-between gap-3 px-4 pt-3">
        <div className="min-w-0">
          <h2 className="text-[16px] font-semibold">{title}</h2>
          {hint ? <p className="mt-0.5 text-[12px] leading-snug text-muted">{hint}</p> : null}
        </div>
        {right ? <div className="shrink-0 pt-0.5 text-right text-[13px] text-muted">{right}</div> : null}
      </div>
      <div className="pt-2">{children}</div>
    </section>
  );
}

export function NumbersTable({ summary, head, rows, testId }: { summary: string; head: string[]; rows: (string | number)[][]; testId?: string }) {
  return (
    <details className="group px-4 pt-1" data-testid={testId}>
      <summary className="flex min-h-[44px] cursor-pointer list-none items-center text-[14px] text-link [&::-webkit-details-marker]:hidden">
        {summary}
        <span aria-hidden="true" className="ml-1 transition-transform group-open:rotate-90">›</span>
      </summary>
      <div className="overflow-x-auto pb-2">
        <table className="w-full text-[13px]">
          <thead>
            <tr className="text-muted">
              {head.map((h, i) => (
                <th key={i} scope="col" className={`py-1 font-normal ${i ? 'pl-2 text-right' : 'text-left'}`}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className="hairline-t">
                {r.map((cell, j) =>
                  j === 0 ? (
                    <th key={j} scope="row" className="py-1.5 text-left font-normal">
                      {cell}
                    </th>
                  ) : (
                    <td key={j} className="py-1.5 pl-2 text-right tabular-nums">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function EmptyNote({ children }: { children: React.ReactNode }) {
  return <p className="px-4 py-6 text-center text-[14px] text-muted">{children}</p>;
}
