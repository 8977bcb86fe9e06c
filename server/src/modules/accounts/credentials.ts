// Rules for what a person types: a mainland mobile number and a password worth hashing.
import { hash, verify } from '@node-rs/argon2';
import { appError } from '../../lib/errors.js';

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** "+86 138-0013-8000", "8613800138000", "13800138000" → "+8613800138000". */
export function normalizePhone(input: string): string {
  const digits = input.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (!MAINLAND_MOBILE.test(digits)) {
    throw appError('BAD_USER_INPUT', 'Enter a mainland China mobile number: 11 digits starting with 1', { field: 'phone' });
  }
  return `+86${digits}`;
}

const COMMON_PASSWORDS = new Set(['password123', '1234567890', 'qwertyuiop', 'a123456789', 'woaini1314', 'iloveyou123', 'abc1234567']);

export const PASSWORD_RULE = 'At least 10 characters, with at least three of: lower-case, upper-case, digits, symbols; not a common password; not containing the phone number.';

export function checkPasswordStrength(password: string, phone: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const weak =
    password.length < 10 ||
    password.length > 128 ||
    classes < 3 ||
    COMMON_PASSWORDS.has(password.toLowerCase()) ||
    password.includes(phone.slice(-8));
  if (weak) throw appError('WEAK_PASSWORD', `Password too weak. ${PASSWORD_RULE}`, { field: 'password', rule: PASSWORD_RULE });
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
