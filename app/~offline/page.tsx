import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { OfflineFallback } from '@/components/log/offline-fallback.tsx';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('log.fallback'))('title') };
}

// Precached by the service worker (next.config.mjs → fallbacks.document) and shown instead of the
// browser's error page when a page was never stored and there is no network. Public (proxy.ts):
// the worker fetches it at install, signed in or not — so nothing user-specific is rendered here;
// the client part reads what this phone holds for whoever last signed in.
export default async function OfflinePage() {
  return <OfflineFallback />;
}
