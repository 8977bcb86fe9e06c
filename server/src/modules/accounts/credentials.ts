// Rules for what a person types: a mainland mobile number and a password worth hashing.
import { hash, verify } from '@node-rs/argon2';
import { normaliseMobile, unmetPasswordRules } from '@shebao/vocabulary';
import { appError } from '../../lib/errors.js';

/** "+86 138-0013-8000", "8613800138000", "13800138000" → "+8613800138000". */
export function normalizePhone(input: string): string {
  const digits = normaliseMobile(input);
  if (!digits) {
    throw appError('BAD_USER_INPUT', 'Enter a mainland China mobile number: 11 digits starting with 1', { field: 'phone' });
  }
  return `+86${digits}`;
}

/** The shared rule (the form shows the same checklist); the error names each unmet part. */
export function checkPasswordStrength(password: string, phone: string): void {
  const unmet = unmetPasswordRules(password, phone);
  if (unmet.length > 0) throw appError('WEAK_PASSWORD', `Password too weak; unmet: ${unmet.join(', ')}`, { field: 'password', unmet });
}

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
/** `Algorithm.Argon2id` is a const enum, which isolated modules cannot read: its value is 2. */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}
