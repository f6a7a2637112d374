import { CustomersIcon } from './icons.tsx';

export function EmptyState({ title, body }: { title: string; body?: string }) {
  return (
    <div className="flex flex-col items-center px-8 py-16 text-center" data-testid="empty-state">
      <span className="mb-4 flex h-16 w-16 items-center justify-center rounded-full bg-white text-faint">
        <CustomersIcon size={32} />
      </span>
      <p className="text-[15px] text-ink">{title}</p>
      {body ? <p className="mt-1 text-[13px] text-muted">{body}</p> : null}
    </div>
  );
}
