#!/usr/bin/env node
// Fails when client/src/gql/ is stale: regenerates from server/schema.graphql and the .graphql
// documents into a temp folder and compares file by file with what is committed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The PWA's operations and the operator console's, each against its own schema.
const targets = [
  { dir: 'client/src/gql', schema: process.env.SHEBAO_SCHEMA ?? 'server/schema.graphql', env: 'SHEBAO_CODEGEN_OUT' },
  { dir: 'client/src/operator/gql', schema: process.env.SHEBAO_OPERATOR_SCHEMA ?? 'server/operator-schema.graphql', env: 'SHEBAO_OPERATOR_CODEGEN_OUT' },
];

for (const { schema } of targets) {
  if (!existsSync(join(root, schema))) {
    console.error(`codegen:check: ${schema} is missing; run \`pnpm codegen\` (prints the server schemas first).`);
    process.exit(1);
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'shebao-codegen-'));
try {
  const bin = join(root, 'node_modules/.bin/graphql-codegen');
  const run = spawnSync(bin, ['--config', 'codegen.ts', '--silent'], {
    cwd: root,
    env: { ...process.env, ...Object.fromEntries(targets.map((t, i) => [t.env, `${tmp}/${i}/`])) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) {
    console.error('codegen:check: graphql-codegen failed');
    process.exit(1);
  }
  const problems = [];
  let files = 0;
  for (const [i, { dir }] of targets.entries()) {
    const freshDir = join(tmp, String(i));
    const committedDir = join(root, dir);
    const fresh = readdirSync(freshDir).sort();
    const committed = existsSync(committedDir) ? readdirSync(committedDir).sort() : [];
    files += fresh.length;
    for (const f of fresh) {
      if (!committed.includes(f)) problems.push(`missing: ${dir}/${f}`);
      else if (readFileSync(join(freshDir, f), 'utf8') !== readFileSync(join(committedDir, f), 'utf8')) problems.push(`stale:   ${dir}/${f}`);
    }
    for (const f of committed) if (!fresh.includes(f)) problems.push(`extra:   ${dir}/${f}`);
  }
  if (problems.length) {
    console.error(`codegen:check: generated operations are out of date:\n  ${problems.join('\n  ')}\nRun \`pnpm codegen\` and commit client/src/gql/ and client/src/operator/gql/.`);
    process.exit(1);
  }
  console.log(`codegen:check: client/src/gql/ and client/src/operator/gql/ are up to date (${files} files).`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
