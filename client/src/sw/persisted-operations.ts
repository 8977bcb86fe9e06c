// Which persisted documents are reads: the service worker caches queries only, never mutations.
import manifest from '../gql/persisted-documents.json';

export type OperationType = 'query' | 'mutation' | 'subscription';

/** The type of the (single) operation in a printed document; fragments are skipped. */
export function operationTypeOf(text: string): OperationType | null {
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '"') {
      // Skip strings (block strings included) so braces inside them do not count.
      const block = text.startsWith('"""', i);
      const end = block ? text.indexOf('"""', i + 3) : text.indexOf('"', i + 1);
      i = end < 0 ? text.length : end + (block ? 3 : 1);
      continue;
    }
    if (ch === '{') return 'query'; // anonymous shorthand query
    if (/[a-z]/.test(ch)) {
      const word = /^[a-z]+/.exec(text.slice(i))![0];
      if (word === 'query' || word === 'mutation' || word === 'subscription') return word;
      if (word === 'fragment') {
        const open = text.indexOf('{', i);
        if (open < 0) return null;
        // Skip the fragment body.
        let d = 0;
        let j = open;
        for (; j < text.length; j++) {
          if (text[j] === '{') d++;
          else if (text[j] === '}' && --d === 0) break;
        }
        i = j + 1;
        continue;
      }
      i += word.length;
      continue;
    }
    i++;
  }
  return null;
}

const documents = manifest as Record<string, string>;

export const QUERY_IDS: ReadonlySet<string> = new Set(
  Object.entries(documents)
    .filter(([, text]) => operationTypeOf(text) === 'query')
    .map(([id]) => id),
);

/** Operation name of a persisted id (for purge-on-sign-out), from the document text. */
export function operationNameOf(documentId: string): string | null {
  const text = documents[documentId];
  if (!text) return null;
  return /\b(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1] ?? null;
}
