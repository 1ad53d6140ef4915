import { config } from 'zod';

// Zod compiles object schemas with `new Function` unless told not to, and first probes whether it
// may: under Tidepool's Content-Security-Policy (no 'unsafe-eval') that probe is reported as a
// violation. Imported first by the lazy entries that parse (src/app/boot/runtime.ts, src/mcp/index.ts), not by the page's
// entry, so zod stays out of the JS before the composer; schemas here are small, so the interpreter is fine.
config({ jitless: true });
