// Scratch databases for tests. The suite runs once on PGlite and once on PostgreSQL (DATABASE_URL
// set): every test file gets its own database either way, and drops it afterwards.
import { randomBytes } from 'node:crypto';
import type { FieldCrypto } from '../../src/config/field-crypto.js';
import { openDatabase, postgresClient, type Database, type DatabaseHandle } from '../../src/db/database.js';
import { accounts } from '../../src/db/schema.js';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A new PostgreSQL database on the server of `adminUrl`, optionally copied from a template. */
export async function scratchPostgresDatabase(adminUrl: string, template?: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const admin = postgresClient(adminUrl, { max: 1, onnotice: () => {} });
  const name = `shebao_t_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A fresh, migrated, empty database: PGlite in memory, or PostgreSQL when DATABASE_URL is set. */
export async function openEmptyDatabase(): Promise<{ database: DatabaseHandle; drop: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const database = await openDatabase({ kind: 'pglite' });
    await database.migrate();
    return { database, drop: () => database.close() };
  }
  const scratch = await scratchPostgresDatabase(adminUrl);
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 4 });
  await database.migrate();
  return {
    database,
    drop: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

/** An account with nothing else (no card, no consents): the owner a data-layer test needs. Returns its id. */
export async function insertBareAccount(db: Database, crypto: FieldCrypto): Promise<string> {
  const phone = `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const [row] = await db.insert(accounts).values({ phoneHash: crypto.lookupHash(phone), phoneEncrypted: crypto.encrypt(phone), passwordHash: 'x' }).returning({ id: accounts.id });
  return row!.id;
}
