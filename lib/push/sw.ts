// Service-worker side of Web Push (imported by worker/index.ts):
// - `push`: show the reminder (title; body = customer + reason; tap target in data.url). Every
//   push must show a notification (userVisibleOnly), so a payload we cannot read still shows one.
// - `notificationclick`: open that customer's page — focus a tab already on it, else take an
//   open tab of the app there, else open a new window.
// The payload is built by supabase/functions/send-reminders (message()).

// The webworker lib's types clash with the DOM lib the app compiles with; the few bits used here.
type ExtendableEvent = Event & { waitUntil(promise: Promise<unknown>): void };
type PushEvent = ExtendableEvent & { data: { json(): unknown; text(): string } | null };
type NotificationEvent = ExtendableEvent & { notification: Notification & { data: unknown; close(): void }; action: string };
type WindowClientLike = { url: string; focused: boolean; focus(): Promise<unknown>; navigate(url: string): Promise<unknown> };
type Scope = {
  location: Location;
  registration: ServiceWorkerRegistration;
  clients: { matchAll(o: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClientLike[]>; openWindow(url: string): Promise<unknown> };
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
};

export type ReminderPush = { title: string; body: string; url: string; tag?: string; reminder_id?: string; lang?: string };

/** Only a path of this app: a push payload never sends the user elsewhere. */
export function sameOriginUrl(raw: unknown, origin: string): string {
  try {
    const url = new URL(typeof raw === 'string' ? raw : '/reminders', origin);
    return url.origin === origin ? url.href : `${origin}/reminders`;
  } catch {
    return `${origin}/reminders`;
  }
}

function read(event: PushEvent): Partial<ReminderPush> {
  try {
    const data = event.data?.json();
    return data && typeof data === 'object' ? (data as Partial<ReminderPush>) : {};
  } catch {
    return {};
  }
}

export function installPushHandlers(scope: Scope) {
  scope.addEventListener('push', (event) => {
    const data = read(event);
    const url = sameOriginUrl(data.url, scope.location.origin);
    event.waitUntil(
      scope.registration.showNotification(data.title || '水晶球 Crystal CRM', {
        body: data.body ?? '',
        tag: data.tag, // a newer push for the same reminder replaces the old notification
        lang: data.lang === 'en' ? 'en' : 'zh-CN',
        icon: '/icons/icon-192.png',
        badge: '/icons/icon-192.png',
        data: { url, reminder_id: data.reminder_id ?? null },
      }),
    );
  });

  scope.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const origin = scope.location.origin;
    const target = sameOriginUrl((event.notification.data as { url?: unknown } | null)?.url, origin);
    event.waitUntil(
      (async () => {
        const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
        const exact = windows.find((w) => w.url === target);
        if (exact) return exact.focus();
        const app = windows.find((w) => w.url.startsWith(origin + '/'));
        if (app) {
          try {
            await app.navigate(target); // only works for a tab this worker controls
            return app.focus().catch(() => {}); // best effort: bringing the tab forward is the browser's call
          } catch {
            /* not controlled: open a new window instead */
          }
        }
        return scope.clients.openWindow(target);
      })(),
    );
  });
}
