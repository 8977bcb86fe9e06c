// `pnpm start` runs the server with scripts/node-flags.mjs's flags for the Node it finds: they must
// be flags that Node takes, and AsyncLocalStorage must still carry its store across awaits with them.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { serverNodeFlags } from '../scripts/node-flags.mjs';

describe("the server's Node flags", () => {
  it('turns async context frames on where this Node has them, and a larger young generation', () => {
    const flags = (serverNodeFlags as () => string[])();
    const hasFrames = process.allowedNodeEnvironmentFlags.has('--experimental-async-context-frame');
    expect(flags).toEqual([...(hasFrames ? ['--experimental-async-context-frame'] : []), '--max-semi-space-size=64']);
  });

  it('gives V8 the young generation it asks for', () => {
    const script = "process.stdout.write(String(require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size))";
    const flags = (serverNodeFlags as () => string[])();
    const withFlags = Number(execFileSync(process.execPath, [...flags, '-e', `const a = []; for (let i = 0; i < 2e6; i++) a.push({ i }); ${script}`], { encoding: 'utf8' }));
    const without = Number(execFileSync(process.execPath, ['-e', `const a = []; for (let i = 0; i < 2e6; i++) a.push({ i }); ${script}`], { encoding: 'utf8' }));
    expect(withFlags).toBeGreaterThan(without);
  });

  it('starts Node, with AsyncLocalStorage keeping its store across awaits', () => {
    const script = "const { AsyncLocalStorage } = require('node:async_hooks'); const s = new AsyncLocalStorage(); s.run('kept', async () => { await new Promise((r) => setTimeout(r, 1)); await null; process.stdout.write(String(s.getStore())); });";
    const printed = execFileSync(process.execPath, [...(serverNodeFlags as () => string[])(), '-e', script], { encoding: 'utf8' });
    expect(printed).toBe('kept');
  });
});
