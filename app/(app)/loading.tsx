import { LoadingScreen, Skeleton, SkeletonLines } from '@/components/ui/loading-screen.tsx';

// Shown at once when a tab is tapped, while the server renders the screen: placeholder list cells
// of the same height as the real ones.
export default function Loading() {
  return (
    <LoadingScreen>
      <ul className="bg-white">
        {Array.from({ length: 8 }, (_, i) => (
          <li key={i} className="flex h-[72px] items-center gap-3 pl-4">
            <Skeleton className="h-11 w-11 shrink-0 rounded-md" />
            <span className="flex flex-1 flex-col gap-2 self-stretch justify-center pr-4 hairline-b">
              <SkeletonLines />
            </span>
          </li>
        ))}
      </ul>
    </LoadingScreen>
  );
}
