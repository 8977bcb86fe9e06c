import { timingSafeEqual } from 'node:crypto';

/** The header a developer (GraphiQL in production) sends `SHEBAO_DEVELOPER_KEY` in. */
export const DEVELOPER_KEY_HEADER = 'x-shebao-developer-key';

/** Constant-time: the key presented is the configured one. */
export function isDeveloper(expected: string | undefined, presented: string | string[] | undefined | null): boolean {
  if (!expected || typeof presented !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
