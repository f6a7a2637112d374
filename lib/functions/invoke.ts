// The app → edge functions path: the functions client of @supabase/supabase-js, pointed at the
// local Deno host or the Supabase project, authorised with the service key. Server-only.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { serverRealtimeOptions } from '../supabase/no-realtime.ts';

// supabase-js calls functions at <project URL>/functions/v1/<name>; locally the Deno host
// serves the same paths, so FUNCTIONS_URL minus that suffix plays the project URL.
function projectUrl(): string {
  const url = process.env.FUNCTIONS_URL?.replace(/\/functions\/v1\/?$/, '') ?? process.env.SUPABASE_URL;
  if (!url) throw new Error('FUNCTIONS_URL (or SUPABASE_URL) is not set');
  return url;
}

const globalForFns = globalThis as unknown as { crystalFns?: SupabaseClient };

function client(): SupabaseClient {
  const key = process.env.SUPABASE_SERVICE_ROLE_KEY;
  if (!key) throw new Error('SUPABASE_SERVICE_ROLE_KEY is not set');
  globalForFns.crystalFns ??= createClient(projectUrl(), key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: serverRealtimeOptions,
  });
  return globalForFns.crystalFns;
}

export type RecomputeSummary = {
  customers: number;
  changed: number;
  tag_changes: number;
  ms: Record<string, number>;
  /** whole org: `incremental` = only the customers that changed since the last run at this as_of were classified */
  mode?: 'customers' | 'full' | 'incremental';
  classified?: number;
  why?: string;
};

export async function invokeRecompute(body: { org_id: string; customer_ids?: string[]; as_of?: string; full?: boolean }): Promise<RecomputeSummary> {
  const { data, error } = await client().functions.invoke<RecomputeSummary>('recompute-tags', { body });
  if (error) {
    const detail = 'context' in error && error.context instanceof Response ? await error.context.text() : '';
    throw new Error(`recompute-tags failed: ${error.message} ${detail}`.trim());
  }
  return data!;
}

/**
 * After a log/order/stage change/survey answer commits: recompute that customer without making
 * the rep wait. Call it from Next's `after()`; failures are logged — the nightly run catches up.
 */
export async function recomputeSoon(orgId: string, customerIds: string[]): Promise<void> {
  try {
    await invokeRecompute({ org_id: orgId, customer_ids: customerIds });
  } catch (err) {
    console.error('[recompute] will be caught up by the nightly run:', err);
  }
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
