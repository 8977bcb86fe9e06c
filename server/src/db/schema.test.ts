// Beyond one database: every personal table can be distributed by account (Citus) or partitioned
// by hash of it, without changing a query, only if it carries the account id and every primary
// and unique key includes it (a distributed table can enforce uniqueness only within a shard).
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from './schema.js';
import { GLOBAL_LOOKUP_KEYS, PERSONAL_TABLES } from './schema.js';

const tables = Object.values(schema).filter((value) => is(value, PgTable)) as PgTable[];

/** Every primary and unique key of a table, as column-name lists. */
function keysOf(table: PgTable): Array<{ kind: string; columns: string[] }> {
  const config = getTableConfig(table);
  const keys: Array<{ kind: string; columns: string[] }> = [];
  for (const column of config.columns) {
    if (column.primary) keys.push({ kind: 'primary key', columns: [column.name] });
    if (column.isUnique) keys.push({ kind: 'unique', columns: [column.name] });
  }
  for (const pk of config.primaryKeys) keys.push({ kind: 'primary key', columns: pk.columns.map((c) => c.name) });
  for (const unique of config.uniqueConstraints) keys.push({ kind: 'unique', columns: unique.columns.map((c) => c.name) });
  for (const index of config.indexes) {
    if (index.config.unique) keys.push({ kind: `unique index ${index.config.name}`, columns: index.config.columns.map((c) => (c as PgColumn).name) });
  }
  return keys;
}

describe('personal tables can be distributed by account', () => {
  it('lists every table that holds a person’s data, each with its account column', () => {
    // A table with an account_id column is personal unless it is named here with its reason.
    const notPersonal: Record<string, string> = {
      sessions: 'credentials, looked up by token hash: distributed by it (docs/scaling.md)',
      outbox: 'messages to a phone number, often before any account exists',
      oauth_models: "the authorization server's artefacts, looked up by their own id",
    };
    const listed = new Set(PERSONAL_TABLES.map(({ table }) => getTableConfig(table).name));
    for (const table of tables) {
      const { name, columns } = getTableConfig(table);
      if (columns.some((c) => c.name === 'account_id' || c.name === 'subject_id') && !notPersonal[name]) expect(listed, name).toContain(name);
    }
    for (const { table, accountColumn } of PERSONAL_TABLES) {
      expect(getTableConfig(table).columns, getTableConfig(table).name).toContain(accountColumn);
      expect(accountColumn.notNull, getTableConfig(table).name).toBe(true);
    }
  });

  it('has a primary key on each, and every primary and unique key includes the account column', () => {
    const globalKeys = new Set<PgColumn>(GLOBAL_LOOKUP_KEYS);
    for (const { table, accountColumn } of PERSONAL_TABLES) {
      const name = getTableConfig(table).name;
      const keys = keysOf(table).filter((key) => !(key.columns.length === 1 && [...globalKeys].some((c) => c.name === key.columns[0] && getTableConfig(table).columns.includes(c))));
      expect(keys.some((key) => key.kind === 'primary key'), `${name} has a primary key`).toBe(true);
      for (const key of keys) expect(key.columns, `${name}: ${key.kind} (${key.columns.join(', ')})`).toContain(accountColumn.name);
    }
  });

  it('keeps foreign keys between personal tables within one account', () => {
    const personal = new Map(PERSONAL_TABLES.map(({ table, accountColumn }) => [getTableConfig(table).name, accountColumn.name]));
    for (const { table, accountColumn } of PERSONAL_TABLES) {
      for (const fk of getTableConfig(table).foreignKeys) {
        const { columns, foreignTable, foreignColumns } = fk.reference();
        const target = getTableConfig(foreignTable).name;
        if (!personal.has(target) || target === 'accounts') continue;
        // The account columns are paired: a row can only point at a row of its own account.
        const at = columns.findIndex((c) => c.name === accountColumn.name);
        expect(at, `${getTableConfig(table).name} → ${target}`).toBeGreaterThanOrEqual(0);
        expect(foreignColumns[at]!.name).toBe(personal.get(target));
      }
    }
  });
});
