import { transform } from 'sucrase';
import { SUCRASE_GLOBAL } from './sucrase-script';

// sucrase as a script of its own in the page (vite-runtimes.ts): a node worker evaluates it the
// first time a source needs TypeScript, ES module or JSX handling (sucrase-script.ts).
(globalThis as Record<string, unknown>)[SUCRASE_GLOBAL] = transform;
