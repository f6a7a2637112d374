// Security headers (issue 13 finding 10). The static ones (X-Frame-Options, nosniff,
// Referrer-Policy) go on every response through next.config.mjs headers(); the Content-Security-Policy is per request, set by proxy.ts, because
// Next's inline scripts (the RSC payload, bootstrapping) run only with the request's nonce — as
// Next documents for CSP: the proxy puts the policy on the request, Next reads the nonce from it
// and stamps it on every script it renders, and the same policy goes out on the response.
// Every page is rendered per request (they read the locale cookie), so each gets its own nonce;
// a page the service worker stored keeps the header and the HTML of one response together.

export const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * script-src: only scripts carrying this request's nonce, and what they load ('strict-dynamic');
 * 'self' is the fallback for browsers without strict-dynamic. style-src keeps 'unsafe-inline':
 * React writes style attributes, which a nonce cannot cover, and a style cannot run code.
 * frame-ancestors 'none': no site may frame the app (clickjacking) — X-Frame-Options for old browsers.
 */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean; connect?: string[] }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.connect?.length ? ' ' + opts.connect.join(' ') : ''}${opts.dev ? ' ws: wss:' : ''}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
