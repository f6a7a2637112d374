'use client';
// The filter chips' horizontal scroller. After a filter is picked (or a filtered link is opened),
// the active chip may sit off-screen to the right: bring it into view, without moving the page.
import { useEffect, useRef } from 'react';

export function ChipScroller({ label, activeKey, children }: { label: string; activeKey: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const nav = ref.current;
    const active = nav?.querySelector<HTMLElement>('[aria-current="true"]');
    if (!nav || !active) return;
    const left = active.offsetLeft - nav.offsetLeft;
    if (left < nav.scrollLeft || left + active.offsetWidth > nav.scrollLeft + nav.clientWidth) {
      nav.scrollLeft = Math.max(0, left - (nav.clientWidth - active.offsetWidth) / 2);
    }
  }, [activeKey]);
  return (
    // A group of filter links, not a landmark: the page has one navigation, the tab bar.
    <div
      ref={ref}
      role="group"
      aria-label={label}
      className="flex items-center gap-2 overflow-x-auto px-3 pb-2 [scrollbar-width:none] [&::-webkit-scrollbar]:hidden"
      data-testid="customer-filters"
    >
      {children}
    </div>
  );
}
