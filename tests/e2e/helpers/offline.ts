// Helpers for the outbox / offline specs: the service worker, the stored pages, the log sheet.
import { expect, type Page } from '@playwright/test';
import { withDb } from './db.ts';

/** Wait until the service worker is active and controls this page (it claims clients on activation). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
}

/** Wait until the page's HTML is stored for offline use (lib/pwa/caches.ts, cache "pages"). */
export async function waitForStoredPage(page: Page, path: string): Promise<void> {
  await expect
    .poll(() => page.evaluate(async (p) => Boolean(await (await caches.open('pages')).match(p, { ignoreSearch: true, ignoreVary: true })), path), {
      timeout: 15_000,
    })
    .toBe(true);
}

/** Fill and save the log sheet (already open). */
export async function fillLog(
  page: Page,
  opts: { kind?: string; attitude?: string; cognition?: string; note: string; nextStep?: string },
): Promise<void> {
  const sheet = page.getByTestId('quick-log-sheet');
  await expect(sheet.getByTestId('log-form')).toBeVisible();
  if (opts.kind) await sheet.getByText(opts.kind, { exact: true }).click();
  if (opts.attitude) await sheet.getByRole('button', { name: opts.attitude, exact: true }).click();
  if (opts.cognition) await sheet.getByRole('button', { name: opts.cognition, exact: true }).click();
  await sheet.getByRole('textbox', { name: /备注|Note/ }).fill(opts.note);
  if (opts.nextStep) await sheet.getByRole('textbox', { name: /下一步|Next step/ }).fill(opts.nextStep);
}

export async function interactionNotes(customerId: string): Promise<string[]> {
  return withDb(async (sql) => {
    const rows = await sql<{ note: string | null }[]>`
      select note from public.interactions where customer_id = ${customerId} order by occurred_at`;
    return rows.map((r) => r.note ?? '');
  });
}

/** Move a customer to another rep (a manager reassigning it while the first rep is offline). */
export async function reassign(customerId: string, toEmail: string): Promise<void> {
  await withDb(
    (sql) => sql`update public.customers set owner_id = (select user_id from public.members where email = ${toEmail}) where id = ${customerId}`,
  );
}

/** What the outbox in IndexedDB holds for a customer, read in the page. */
export async function storedEntries(page: Page, customerId: string): Promise<{ id: string; status: string; body: Record<string, unknown> }[]> {
  return page.evaluate(
    (cid) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('crystal-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('outbox').objectStore('outbox').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve((req.result as { id: string; status: string; customerId: string; body: Record<string, unknown> }[]).filter((e) => e.customerId === cid));
          };
          req.onerror = () => reject(req.error);
        };
      }),
    customerId,
  );
}
