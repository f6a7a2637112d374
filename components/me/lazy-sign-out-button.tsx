'use client';
// The sign-out button for the signed-in layout's "no membership" screen (app/(app)/layout.tsx), as
// a lazily loaded chunk: the layout's client code goes to every signed-in screen, and this
// rarely shown button was 0.6 KB gzipped of it (docs/benchmarks-web.md). The server still renders
// its form, so it works before the chunk arrives.
import { lazy, Suspense } from 'react';

const SignOutButton = lazy(() => import('./sign-out-button.tsx').then((m) => ({ default: m.SignOutButton })));

export function LazySignOutButton() {
  return (
    <Suspense fallback={null}>
      <SignOutButton />
    </Suspense>
  );
}
