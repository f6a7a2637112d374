// Tests create and drop data freely: refuse any database that is not on this machine.
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`refusing to run tests against ${host}: tests only run on a local database (127.0.0.1/localhost)`);
  }
}
