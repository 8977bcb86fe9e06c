// Entries are keyed [category set, key]. The list of sets in use lives in 'meta', so purging a
// category deletes one key range per set that holds it, whatever the number of entries.
import type { IDBPObjectStore, StoreNames } from 'idb';
import { SETS_ID, type MetaRecord, type OfflineSchema } from './schema';

export const setKey = (categories: readonly string[]): string => [...categories].sort().join(' ');
export const categoriesOfSet = (set: string): string[] => (set ? set.split(' ') : []);

export function setsOf(record: MetaRecord | undefined): readonly string[] {
  return record?.id === SETS_ID ? record.sets : [];
}

type Store<Tx extends ArrayLike<StoreNames<OfflineSchema>>, N extends StoreNames<OfflineSchema>> = IDBPObjectStore<OfflineSchema, Tx, N, 'readwrite'>;

/** Deletes every entry of the `hit` sets, forgets those sets, and counts what went. */
export async function deleteSets<Tx extends ArrayLike<StoreNames<OfflineSchema>>>(
  entries: Store<Tx, 'entries'>,
  meta: Store<Tx, 'meta'>,
  known: readonly string[],
  hit: readonly string[],
): Promise<number> {
  if (hit.length === 0) return 0;
  const range = (set: string) => IDBKeyRange.bound([set], [set, []]);
  const counts = await Promise.all(hit.map((set) => entries.count(range(set))));
  for (const set of hit) void entries.delete(range(set));
  void meta.put({ id: SETS_ID, sets: known.filter((set) => !hit.includes(set)) });
  return counts.reduce((a, b) => a + b, 0);
}
