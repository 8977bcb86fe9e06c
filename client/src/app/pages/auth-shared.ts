export const PHONE_PATTERN = /^1\d{10}$/;

/** Normalises "+86 138-0013-8000" style input to the 11 digits. */
export function normalisePhone(input: string): string {
  const digits = input.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return digits;
}

export function passwordStrength(pw: string): 'weak' | 'fair' | 'strong' {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  if (!passwordAcceptable(pw)) return 'weak';
  return pw.length >= 14 && classes >= 3 ? 'strong' : 'fair';
}

/** The rule shown to the person: 10+ characters with letters and digits. */
export function passwordAcceptable(pw: string): boolean {
  return pw.length >= 10 && /[A-Za-z]/.test(pw) && /\d/.test(pw);
}
