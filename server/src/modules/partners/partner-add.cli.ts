// `pnpm partner:add FILE.json`: registers one partner from a JSON file (see partner-registration.ts
// for the shape) in the configured database and prints its client id; for a sandbox partner
// without a given secret, also the generated secret, once. With PGlite, stop the server first:
// one data folder must not be opened by two processes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config/config.js';
import { openConfiguredDatabase } from '../../db/database.js';
import { PartnerRegistrationError, registerPartner } from './partner-registration.js';

const USAGE = `Usage: pnpm partner:add FILE.json

FILE.json:
  {
    "clientId": "acme-insurance",                  (optional; generated when absent)
    "name": "…", "nameEn": "…", "description": "…", "descriptionEn": "…",
    "contact": "privacy@acme.example",
    "purposes": [{ "zh": "核保与理赔", "en": "Underwriting and claims" }],
    "registeredCategories": ["insurance.status", "medical.records"],
    "redirectUris": ["https://acme.example/oauth/callback"],
    "clientAuth": { "method": "private_key_jwt", "jwks": { "keys": [ { "kty": "EC", … public key … } ] } },
    "dpopRequired": true,
    "maxGrantDays": 180
  }
  Sandbox partners may instead use "sandbox": true with "clientAuth": { "method": "client_secret_basic" }.`;

async function main(file: string | undefined): Promise<number> {
  if (!file || file === '--help' || file === '-h') {
    console.error(USAGE);
    return 64; // EX_USAGE
  }
  // pnpm runs the script in server/; a relative path means relative to where it was typed.
  const resolved = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  let input: unknown;
  try {
    input = JSON.parse(await readFile(resolved, 'utf8'));
  } catch (error) {
    console.error(`Cannot read ${resolved} as JSON: ${(error as Error).message}`);
    return 66; // EX_NOINPUT
  }
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await database.migrate();
    const registered = await registerPartner(database.db, input);
    console.log(`client_id: ${registered.clientId}`);
    if (registered.clientSecret) console.log(`client_secret: ${registered.clientSecret}\n  (shown once: only its argon2 hash is stored)`);
    return 0;
  } catch (error) {
    if (error instanceof PartnerRegistrationError) {
      console.error(error.message);
      return 65; // EX_DATAERR
    }
    // 23505: unique_violation (drizzle wraps the driver's error as `cause`).
    if ((error as { cause?: { code?: string } }).cause?.code === '23505') {
      console.error('A partner with this client id is already registered');
      return 65;
    }
    throw error;
  } finally {
    await database.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
