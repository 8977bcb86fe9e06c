// The store's epoch: a new value at every purge of everything (purge.ts). A writer reads it before
// asking the server and hands it to the write, which lands only if the epoch is unchanged, so an
// answer or a consent state asked for before a sign-out never refills the emptied store.
import type { Connection } from './connection';
import { EPOCH_ID, type Epoch, type MetaRecord } from './schema';

function epochOf(record: MetaRecord | undefined): Epoch {
  return record?.id === EPOCH_ID ? record.value : null;
}

/** A write asked for under `seen` may land: unchecked (undefined), or no purge of everything since. */
export function sameEpoch(seen: Epoch | undefined, record: MetaRecord | undefined): boolean {
  return seen === undefined || seen === epochOf(record);
}

export async function readEpoch(conn: Connection): Promise<Epoch> {
  return epochOf(await conn.run((db) => db.get('meta', EPOCH_ID)));
}
