#!/usr/bin/env node
// Fails when client/src/gql/ is stale: regenerates from server/schema.graphql and the .graphql
// documents into a temp folder and compares file by file with what is committed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committedDir = join(root, 'client/src/gql');
const schema = process.env.SHEBAO_SCHEMA ?? 'server/schema.graphql';

if (!existsSync(join(root, schema))) {
  console.error(`codegen:check: ${schema} is missing; run \`pnpm codegen\` (prints the server schema first).`);
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'shebao-codegen-'));
try {
  const bin = join(root, 'node_modules/.bin/graphql-codegen');
  const run = spawnSync(bin, ['--config', 'codegen.ts', '--silent'], {
    cwd: root,
    env: { ...process.env, SHEBAO_CODEGEN_OUT: `${tmp}/` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) {
    console.error('codegen:check: graphql-codegen failed');
    process.exit(1);
  }
  const fresh = readdirSync(tmp).sort();
  const committed = existsSync(committedDir) ? readdirSync(committedDir).sort() : [];
  const problems = [];
  for (const f of fresh) {
    if (!committed.includes(f)) problems.push(`missing: client/src/gql/${f}`);
    else if (readFileSync(join(tmp, f), 'utf8') !== readFileSync(join(committedDir, f), 'utf8')) {
      problems.push(`stale:   client/src/gql/${f}`);
    }
  }
  for (const f of committed) if (!fresh.includes(f)) problems.push(`extra:   client/src/gql/${f}`);
  if (problems.length) {
    console.error(`codegen:check: generated operations are out of date:\n  ${problems.join('\n  ')}\nRun \`pnpm codegen\` and commit client/src/gql/.`);
    process.exit(1);
  }
  console.log(`codegen:check: client/src/gql/ is up to date (${fresh.length} files).`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
