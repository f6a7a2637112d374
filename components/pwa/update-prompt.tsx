'use client';
// Registers the service worker and, when a new version is waiting, offers a one-tap refresh.
// The banner's code loads only then (React.lazy): the waiting worker's predecessor still
// controls the page and serves it from its precache, online or not.
import { lazy, Suspense, useEffect, useState } from 'react';
import { registerServiceWorker, type UpdateHandle } from '@/lib/pwa/register.ts';

const UpdateBanner = lazy(() => import('./update-banner.tsx').then((m) => ({ default: m.UpdateBanner })));

export function UpdatePrompt() {
  const [update, setUpdate] = useState<UpdateHandle | null>(null);

  useEffect(() => registerServiceWorker(setUpdate), []);

  if (!update) return null;
  return (
    <Suspense fallback={null}>
      <UpdateBanner update={update} onDismiss={() => setUpdate(null)} />
    </Suspense>
  );
}
