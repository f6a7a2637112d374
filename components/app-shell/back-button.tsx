'use client';
// "‹" in the navigation bar. When the page before this one was ours (the list, with its search),
// go back to it as the phone's back button would — scroll position and query intact; after a
// deep link (a push notification, a shared URL) there is no such page, so open `fallback`.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ChevronLeftIcon } from '@/components/ui/icons.tsx';

type NavigationLike = { currentEntry?: { index: number } | null; entries?: () => { url: string | null }[] };

function previousEntryIs(path: string): boolean {
  // The Navigation API lists only this origin's entries of the tab's history (Chromium, Safari 26).
  const nav = (window as unknown as { navigation?: NavigationLike }).navigation;
  const index = nav?.currentEntry?.index;
  if (!nav?.entries || index === undefined || index < 1) return false;
  const prev = nav.entries()[index - 1]?.url;
  return !!prev && new URL(prev).pathname === path;
}

export function BackButton({ fallback, label }: { fallback: string; label: string }) {
  const router = useRouter();
  return (
    <Link
      href={fallback}
      aria-label={label}
      data-testid="back-button"
      onClick={(e) => {
        if (!previousEntryIs(fallback)) return;
        e.preventDefault();
        router.back();
      }}
      className="flex h-[var(--header-h)] w-12 items-center justify-center text-ink active:opacity-50"
    >
      <ChevronLeftIcon size={24} />
    </Link>
  );
}
