// `pnpm start` runs the server with scripts/node-flags.mjs's flags for the Node it finds: they must
// be flags that Node takes, and AsyncLocalStorage must still carry its store across awaits with them.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { serverNodeFlags } from '../scripts/node-flags.mjs';

describe("the server's Node flags", () => {
  it('turns async context frames on where this Node has them, and nothing else', () => {
    const flags = (serverNodeFlags as () => string[])();
    const hasFrames = process.allowedNodeEnvironmentFlags.has('--experimental-async-context-frame');
    expect(flags).toEqual(hasFrames ? ['--experimental-async-context-frame'] : []);
  });

  it('starts Node, with AsyncLocalStorage keeping its store across awaits', () => {
    const script = "const { AsyncLocalStorage } = require('node:async_hooks'); const s = new AsyncLocalStorage(); s.run('kept', async () => { await new Promise((r) => setTimeout(r, 1)); await null; process.stdout.write(String(s.getStore())); });";
    const printed = execFileSync(process.execPath, [...(serverNodeFlags as () => string[])(), '-e', script], { encoding: 'utf8' });
    expect(printed).toBe('kept');
  });
});
