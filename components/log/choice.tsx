'use client';
// Segmented choices for the log form. `Choice` is one required pick (radio inputs: arrow keys
// move between options); `Toggle` is an optional pick — tap the chosen option again to clear it
// (toggle buttons, aria-pressed), for the observations a rep may not be sure about.

const segment = (on: boolean) =>
  `flex min-h-[40px] min-w-0 flex-1 cursor-pointer items-center justify-center rounded-md px-1 text-center text-[14px] leading-tight ${
    on ? 'bg-brand font-medium text-white' : 'text-ink active:bg-black/5'
  }`;

export function Choice<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  columns,
}: {
  name: string;
  legend: string;
  options: { value: T; label: string }[];
  value: T;
  onChange: (v: T) => void;
  /** Lay the options out in rows of this many (long English words need room). */
  columns?: number;
}) {
  return (
    <fieldset className="px-4 pt-3">
      {/* float: a legend otherwise sits on the fieldset's border, outside its padding */}
      <legend className="float-left w-full pb-1.5 text-[13px] text-muted">{legend}</legend>
      <div
        className={`clear-left gap-0.5 rounded-lg bg-white p-0.5 ${columns ? 'grid' : 'flex'}`}
        style={columns ? { gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` } : undefined}
      >
        {options.map((o) => (
          <label key={o.value} className={`${segment(value === o.value)} has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand`}>
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="sr-only" />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Toggle<T extends string>({
  id,
  legend,
  options,
  value,
  onChange,
  children,
}: {
  id: string;
  legend: React.ReactNode;
  options: { value: T; label: string }[];
  value: T | null;
  onChange: (v: T | null) => void;
  /** Under the buttons: what the options mean. */
  children?: React.ReactNode;
}) {
  return (
    <div className="min-w-0" role="group" aria-labelledby={`${id}-legend`} data-testid={`toggle-${id}`}>
      <p id={`${id}-legend`} className="pb-1.5 text-[13px] text-muted">
        {legend}
      </p>
      <div className="flex gap-0.5 rounded-lg bg-white p-0.5">
        {options.map((o) => (
          <button
            key={o.value}
            type="button"
            aria-pressed={value === o.value}
            onClick={() => onChange(value === o.value ? null : o.value)}
            className={segment(value === o.value)}
          >
            {o.label}
          </button>
        ))}
      </div>
      {children}
    </div>
  );
}
