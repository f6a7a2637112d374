'use client';
// The log sheets check a log with the server's own zod schema before it goes into the outbox (a
// log the schema refuses would otherwise come back "rejected"). The schema — and zod with it,
// ~25 KB gzipped — is only needed at save, so it loads when the rep first touches the form, not
// with the page (docs/benchmarks-web.md); save waits for it only if it has not arrived yet. The
// service worker precaches the chunk: it loads offline too.
type Check = (body: unknown) => boolean;

let loading: Promise<Check> | null = null;

export function loadInteractionCheck(): Promise<Check> {
  loading ??= import('@/lib/validation/interaction.ts').then(({ InteractionInput }) => (body: unknown) => InteractionInput.safeParse(body).success);
  // A failed chunk load (a deploy replaced it, no network and no cache) is tried again next time.
  loading.catch(() => (loading = null));
  return loading;
}

/**
 * Whether the schema accepts the log. If the check itself cannot be loaded the log goes ahead: the
 * server parses with the same schema, and a refusal stays on the phone with a way to fix it.
 */
export async function isValidInteraction(body: unknown): Promise<boolean> {
  try {
    return (await loadInteractionCheck())(body);
  } catch {
    return true;
  }
}
