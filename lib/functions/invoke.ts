// The app → edge functions path: the functions client of @supabase/supabase-js, pointed at the
// local Deno host or the Supabase project, authorised with the service key. Server-only.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { RecomputeRequest, RecomputeResult } from '../../supabase/functions/_shared/recompute-types.ts';
import { serverRealtimeOptions } from '../supabase/no-realtime.ts';
import { RecomputeCoalescer } from './coalesce.ts';

// supabase-js calls functions at <project URL>/functions/v1/<name>; locally the Deno host
// serves the same paths, so FUNCTIONS_URL minus that suffix plays the project URL.
function projectUrl(): string {
  const url = process.env.FUNCTIONS_URL?.replace(/\/functions\/v1\/?$/, '') ?? process.env.SUPABASE_URL;
  if (!url) throw new Error('FUNCTIONS_URL (or SUPABASE_URL) is not set');
  return url;
}

const globalForFns = globalThis as unknown as { crystalFns?: SupabaseClient };

function client(): SupabaseClient {
  // The project's secret key (sb_secret_…), or the legacy service-role JWT: functions accept both.
  const key = process.env.SUPABASE_SECRET_KEY || process.env.SUPABASE_SERVICE_ROLE_KEY;
  if (!key) throw new Error('SUPABASE_SECRET_KEY (or SUPABASE_SERVICE_ROLE_KEY) is not set');
  globalForFns.crystalFns ??= createClient(projectUrl(), key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: serverRealtimeOptions,
  });
  return globalForFns.crystalFns;
}

/** What recompute-tags answers: the function's own type (supabase/functions/_shared/recompute-types.ts). */
export type RecomputeSummary = RecomputeResult;

export async function invokeRecompute(body: RecomputeRequest): Promise<RecomputeSummary> {
  const { data, error } = await client().functions.invoke<RecomputeSummary>('recompute-tags', { body });
  if (error) {
    const detail = 'context' in error && error.context instanceof Response ? await error.context.text() : '';
    throw new Error(`recompute-tags failed: ${error.message} ${detail}`.trim());
  }
  return data!;
}

// One per server process (globalThis: Next's dev server reloads modules).
const globalForCoalescer = globalThis as unknown as { crystalRecompute?: RecomputeCoalescer };
export function recomputeCoalescer(): RecomputeCoalescer {
  globalForCoalescer.crystalRecompute ??= new RecomputeCoalescer(
    (orgId, customerIds) => invokeRecompute({ org_id: orgId, customer_ids: customerIds }),
    Number(process.env.RECOMPUTE_COALESCE_MS ?? 1000),
  );
  return globalForCoalescer.crystalRecompute;
}

/**
 * After a log/order/stage change/survey answer commits: recompute that customer without making
 * the rep wait. Call it from Next's `after()`. Writes of one org within a second share one call
 * (lib/functions/coalesce.ts); failures are logged — the customer stays in
 * private.recompute_dirty and the nightly run catches up.
 */
export function recomputeSoon(orgId: string, customerIds: string[]): Promise<void> {
  return recomputeCoalescer().request(orgId, customerIds);
}

export type ChannelTestResult = { ok: boolean; channel: string; error?: string };

/** The Me tab's test message: one message to the member on their chosen channel (supabase/functions/channel-test). */
export async function invokeChannelTest(body: { org_id: string; user_id: string }): Promise<ChannelTestResult | { status: number }> {
  const { data, error } = await client().functions.invoke<ChannelTestResult>('channel-test', { body });
  if (error) {
    const status = 'context' in error && error.context instanceof Response ? error.context.status : 500;
    return { status };
  }
  return data!;
}
