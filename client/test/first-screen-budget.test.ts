// The first screen's JavaScript stays within its budget (issue #11: ≤ 45 KB gzipped), measured
// from the build `pnpm test` makes first. Lighthouse itself is `pnpm --filter @shebao/client lighthouse`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstScreenJs, FIRST_SCREEN_JS_BUDGET_KB } from '../scripts/first-screen-js.mjs';
import { clientDir } from './e2e/harness';

const dist = join(clientDir, 'dist');
const built = existsSync(join(dist, 'index.html'));
if (!built && process.env.REQUIRE_BROWSER === '1') throw new Error('client/dist is missing: build before testing');

describe.skipIf(!built)('the first screen', () => {
  it(`loads at most ${FIRST_SCREEN_JS_BUDGET_KB} KB of JavaScript, gzipped`, () => {
    const { kb, files } = firstScreenJs(dist);
    expect(files.length).toBeGreaterThan(0);
    expect(kb).toBeLessThanOrEqual(FIRST_SCREEN_JS_BUDGET_KB);
  });
});
