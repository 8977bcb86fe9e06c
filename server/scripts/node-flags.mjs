// The Node flags the server runs with, for the Node that runs this file (printed when run as a
// script: `node $(node scripts/node-flags.mjs) dist/index.js`).
//
// AsyncLocalStorage (oidc-provider's, and the ambient transaction's in db/ambient-transaction.ts)
// puts a hook on every promise the process makes, unless Node keeps async context in frames:
// the default from Node 24, behind this flag on Node 22, absent on Node 20. Measured on Node 22
// with `pnpm bench:load --node …`: 24 % of a small PWA request's CPU, 29 % of a partner's read.
//
// A request's garbage (parsed rows, response objects) dies young; with V8's default 16 MB
// semi-spaces the young generation fills every few requests under load and the scavenger ran
// 10.7 % of the dashboard's CPU (`pnpm bench:load --profile`); with 64 MB, 6.3 %, for about
// 90 MB more resident memory.
import { pathToFileURL } from 'node:url';

const ASYNC_CONTEXT_FRAME = '--experimental-async-context-frame';
const YOUNG_GENERATION = '--max-semi-space-size=64';

export function serverNodeFlags() {
  return [...(process.allowedNodeEnvironmentFlags.has(ASYNC_CONTEXT_FRAME) ? [ASYNC_CONTEXT_FRAME] : []), YOUNG_GENERATION];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(serverNodeFlags().join(' '));
