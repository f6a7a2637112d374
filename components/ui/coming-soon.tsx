// An honest placeholder for a screen that is not built yet: what it will do, no fake data.
import { SparkleIcon } from './icons.tsx';

export function ComingSoon({ badge, body }: { badge: string; body: string }) {
  return (
    <div className="flex flex-col items-center px-8 pb-16 pt-20 text-center" data-testid="coming-soon">
      <span className="mb-5 flex h-16 w-16 items-center justify-center rounded-full bg-brand-soft text-brand">
        <SparkleIcon size={30} />
      </span>
      <span className="mb-3 inline-flex h-6 items-center rounded-full bg-white px-3 text-[12px] text-muted">{badge}</span>
      <p className="max-w-[320px] text-[14px] leading-6 text-muted">{body}</p>
    </div>
  );
}
