// Every column that holds FieldCrypto ciphertext. `pnpm keys:rotate` re-encrypts exactly these and
// `pnpm keys:retire` counts ciphertexts in exactly these: a new encrypted column is added here.
import { sql, type SQL } from 'drizzle-orm';

export type EncryptedColumn = {
  /** `table.column` or `table.column.jsonKey`: the progress table's name for it. */
  name: string;
  table: string;
  /** A unique, ordered key of the table (keyset pagination). */
  key: string;
  keyType: 'uuid' | 'bigint' | 'text';
  column: string;
  /** For a jsonb column: the top-level field that holds the ciphertext. */
  jsonKey?: string;
};

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { name: 'accounts.phone_encrypted', table: 'accounts', key: 'id', keyType: 'uuid', column: 'phone_encrypted' },
  { name: 'social_insurance_cards.card_number_encrypted', table: 'social_insurance_cards', key: 'account_id', keyType: 'uuid', column: 'card_number_encrypted' },
  { name: 'insurance_profiles.id_number_encrypted', table: 'insurance_profiles', key: 'account_id', keyType: 'uuid', column: 'id_number_encrypted' },
  // SMS messages waiting in the outbox carry the recipient's number encrypted.
  { name: 'outbox.payload.phone', table: 'outbox', key: 'id', keyType: 'bigint', column: 'payload', jsonKey: 'phone' },
];

/** The ciphertext as a text expression (`payload->>'phone'` for a jsonb field). */
export function valueOf(c: EncryptedColumn): SQL {
  return c.jsonKey ? sql`${sql.identifier(c.column)}->>${c.jsonKey}` : sql`${sql.identifier(c.column)}`;
}

/** The key id a stored ciphertext names, in SQL: `v1` for unversioned ones, else the second part. */
export function kidOf(c: EncryptedColumn): SQL {
  const value = valueOf(c);
  return sql`case when split_part(${value}, '.', 1) = 'v1' then 'v1' else split_part(${value}, '.', 2) end`;
}
