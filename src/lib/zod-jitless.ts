import { config } from 'zod';

// Zod compiles object schemas with `new Function` unless told not to, and first probes whether it
// may: under Tidepool's Content-Security-Policy (no 'unsafe-eval') that probe is reported as a
// violation. Imported first by the app's entry; schemas here are small, so the interpreter is fine.
config({ jitless: true });
