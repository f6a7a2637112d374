import { LoadingScreen, Skeleton, SkeletonLines } from '@/components/ui/loading-screen.tsx';

// While a customer's page renders: grey blocks the shape of the card and the timeline.
export default function CustomerLoading() {
  return (
    <LoadingScreen>
      <div className="bg-white px-4 pb-4 pt-3">
        <div className="flex items-center gap-4">
          <Skeleton className="h-[60px] w-[60px] shrink-0 rounded-md" />
          <span className="flex flex-1 flex-col gap-2">
            <Skeleton className="h-5 w-1/3" />
            <Skeleton className="h-3.5 w-2/3" />
          </span>
        </div>
        <div className="mt-4 flex gap-2">
          {[56, 44, 72, 64].map((w) => (
            <Skeleton key={w} className="h-7" style={{ width: w }} />
          ))}
        </div>
      </div>
      <ul className="mt-9 bg-white">
        {Array.from({ length: 4 }, (_, i) => (
          <li key={i} className="flex h-[76px] flex-col justify-center gap-2 px-4">
            <SkeletonLines />
          </li>
        ))}
      </ul>
    </LoadingScreen>
  );
}
