// A query of several parts (the dashboard) kept offline as one entry per part. The server labels
// each field one level below a root field with its categories (`extensions.dataCategoryParts`,
// keyed `me.balances`; '' for what lies outside the parts); each part becomes an entry of its own
// with only its categories, so a withdrawal purges the parts it concerns and leaves the rest. The
// rest of the answer (`me.id`) is the frame the parts are put back into. Pure: no I/O.
import type { CachedPayload } from '../data/schema';
import type { GraphQLError, GraphQLResponseBody } from '../sw-bridge/protocol';

/** What lies outside every part (the server's `OUTSIDE_PARTS`). */
const FRAME = '';

/** One entry to keep: the frame (`part` '') or one part, with the categories it holds. */
export interface Piece {
  readonly part: string;
  readonly categories: readonly string[];
  readonly payload: CachedPayload;
}

type DataObject = Record<string, unknown>;

const isObject = (value: unknown): value is DataObject => value != null && typeof value === 'object' && !Array.isArray(value);

/** `me.balances` → ['me', 'balances']; anything else is not a part. */
function pathOf(part: string): readonly [string, string] | null {
  const keys = part.split('.');
  return keys.length === 2 && keys[0] && keys[1] ? [keys[0], keys[1]] : null;
}

const within = (error: GraphQLError, [root, field]: readonly [string, string]) => error.path?.[0] === root && error.path[1] === field;

/** The id of the entry that keeps one part of a document's answer. */
export function partDocumentId(documentId: string, part: string): string {
  return `${documentId}#${part}`;
}

/** The parts a kept frame names, in order (none for an answer kept whole). */
export function partsOf(frame: CachedPayload): string[] {
  const parts = frame.extensions?.dataCategoryParts;
  return isObject(parts) ? Object.keys(parts).filter((part) => pathOf(part) != null) : [];
}

/**
 * The entries to keep for an answer: one per part and the frame, or the whole answer as one entry
 * labelled with all its categories (and no part labels, so it never reads as a frame).
 */
export function piecesToKeep(body: GraphQLResponseBody): Piece[] {
  const pieces = splitResponse(body);
  if (pieces) return pieces;
  const { dataCategoryParts: _labels, ...extensions } = body.extensions ?? {};
  return [{ part: FRAME, categories: body.extensions?.dataCategories ?? [], payload: { data: body.data, errors: body.errors, extensions } }];
}

/**
 * Null where the answer is kept whole: one part or none, a root that is not an object
 * (`me: null`), or a label the parts do not cover (deny by default: a category the parts do not
 * account for keeps the answer in one entry that carries them all).
 */
function splitResponse(body: GraphQLResponseBody): Piece[] | null {
  const labels = body.extensions?.dataCategoryParts;
  if (!isObject(labels) || !isObject(body.data)) return null;
  const parts = Object.keys(labels).flatMap((part) => {
    const path = pathOf(part);
    return path ? [{ part, path, categories: labels[part] as readonly string[] }] : [];
  });
  if (parts.length < 2) return null;
  const frameCategories = (labels[FRAME] as readonly string[] | undefined) ?? [];
  const covered = new Set([...frameCategories, ...parts.flatMap((p) => p.categories)]);
  if ((body.extensions?.dataCategories ?? []).some((c) => !covered.has(c))) return null;

  const data = body.data as DataObject;
  const frame: DataObject = { ...data };
  for (const { path: [root] } of parts) {
    if (!isObject(data[root])) return null;
    frame[root] = { ...(frame[root] as DataObject) };
  }
  const errors = body.errors ?? [];
  const pieces: Piece[] = parts.map(({ part, path, categories }) => {
    const [root, field] = path;
    const value = (data[root] as DataObject)[field];
    delete (frame[root] as DataObject)[field];
    return { part, categories, payload: { data: { [root]: { [field]: value ?? null } }, errors: errors.filter((e) => within(e, path)) } };
  });
  const frameErrors = errors.filter((e) => !parts.some(({ path }) => within(e, path)));
  pieces.push({ part: FRAME, categories: frameCategories, payload: { data: frame, errors: frameErrors, extensions: body.extensions } });
  return pieces;
}

/**
 * The answer put back together from its frame and the parts still kept. A part gone (withdrawn,
 * expired) reads as null with an `OFFLINE` error at its path, so its section says it is not
 * available offline while the others show; the label lists only the categories present.
 */
export function joinResponse(
  frame: { readonly payload: CachedPayload; readonly categories: readonly string[] },
  parts: readonly { readonly part: string; readonly kept: { readonly payload: CachedPayload; readonly categories: readonly string[] } | null }[],
): CachedPayload {
  const data: DataObject = { ...(frame.payload.data as DataObject) };
  const errors: GraphQLError[] = [...(frame.payload.errors ?? [])];
  const categories = new Set(frame.categories);
  for (const { part, kept } of parts) {
    const path = pathOf(part);
    if (!path) continue;
    const [root, field] = path;
    data[root] = { ...(data[root] as DataObject) };
    if (kept) {
      (data[root] as DataObject)[field] = ((kept.payload.data as DataObject | null)?.[root] as DataObject | undefined)?.[field] ?? null;
      errors.push(...(kept.payload.errors ?? []));
      for (const c of kept.categories) categories.add(c);
    } else {
      (data[root] as DataObject)[field] = null;
      errors.push({ message: 'offline', path, extensions: { code: 'OFFLINE' } });
    }
  }
  const extensions = { ...frame.payload.extensions, dataCategories: [...categories].sort() };
  return { data, errors, extensions };
}
