// Where the server may send a push: a push service on the public internet, never this machine or
// its network. A stored endpoint is a URL the server later POSTs to (supabase/functions/
// send-reminders), so an endpoint on 127.0.0.1, 10.x, 169.254.169.254 (cloud metadata), fd00::/8 …
// would make the server a probe of its own network (blind SSRF; the attack run did exactly that).
// An address is public when ipaddr.js classes it 'unicast' — every special range (loopback,
// private, link-local, CGNAT, unique-local, IPv4-mapped, 6to4, Teredo, NAT64, reserved, multicast)
// has its own class. Checked on the URL when a subscription is stored (here) and again after DNS
// resolution when sending (supabase/functions/_shared/public-address.ts, the Deno twin).
import ipaddr from 'ipaddr.js';

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it stands for.
  const a = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
  return a.range() === 'unicast';
}

// Names that only mean something on a local network.
const LOCAL_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/i;

/** Why an endpoint's host is not a public push service, or null when it may be one. */
export function endpointHostProblem(endpoint: string): 'not_https' | 'not_public' | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'not_https';
  }
  if (url.protocol !== 'https:' || !url.hostname || url.username || url.password) return 'not_https';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? null : 'not_public';
  // A bare number or hex the URL parser did not normalise, a single label, or a local-only name.
  if (/^[\d.x]+$/i.test(host) || !host.includes('.') || LOCAL_NAME.test(host)) return 'not_public';
  return null;
}
