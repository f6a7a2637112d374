// Send-time check of a push endpoint (issue 13 finding 5): the host is resolved here and every
// address it has must be public before anything is sent — a name stored as harmless may point at
// 127.0.0.1 or 169.254.169.254 by now. The Deno twin of lib/push/endpoint-address.ts (same rule:
// ipaddr.js says 'unicast'). A refused endpoint gets one neutral error, whatever the host would
// have answered, so the notifications table tells nobody what lives on the private network.
//
// Test-only allowance: CRYSTAL_PUSH_TEST_LOOPBACK=1 lets loopback addresses (127.0.0.0/8, ::1)
// through — and nothing else — for tests/functions/send-reminders.test.ts, whose push receiver is
// a local https server. The launcher removes the variable from every child it starts
// (scripts/launcher.ts), so `npm start` cannot run with it; a Supabase deployment never sets it.
import ipaddr from 'npm:ipaddr.js@^2.5.0';

const testLoopback = () => Deno.env.get('CRYSTAL_PUSH_TEST_LOOPBACK') === '1';

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  const a = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
  const range = a.range();
  return range === 'unicast' || (range === 'loopback' && testLoopback());
}

async function resolve(host: string): Promise<string[]> {
  if (ipaddr.isValid(host)) return [host];
  const found: string[] = [];
  for (const type of ['A', 'AAAA'] as const) {
    try {
      found.push(...(await Deno.resolveDns(host, type, { signal: AbortSignal.timeout(5_000) })));
    } catch {
      /* no records of this type, or no answer */
    }
  }
  return found;
}

export const NOT_PUBLIC = 'endpoint is not a public push service';

/** null when the endpoint may be sent to; otherwise the (neutral) reason it may not. */
export async function endpointRefusal(endpoint: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return NOT_PUBLIC;
  }
  if (url.protocol !== 'https:') return NOT_PUBLIC;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = await resolve(host);
  if (addresses.length === 0) return NOT_PUBLIC;
  return addresses.every(isPublicAddress) ? null : NOT_PUBLIC;
}
