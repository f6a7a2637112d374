// Zod 4 probes `new Function('')` once, to decide whether it may compile fast parsers (its JIT).
// Under the app's Content-Security-Policy (no 'unsafe-eval', lib/http/security-headers.ts) the
// browser refuses the probe and reports a CSP violation; zod then falls back anyway. In the
// browser we tell zod not to try (its documented `jitless` switch); the server keeps the JIT.
// Imported for its effect by every schema module the client loads.
import { z } from 'zod';

if (typeof window !== 'undefined') z.config({ jitless: true });
