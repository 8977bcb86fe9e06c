// The strength shown under the new-password field. It never calls acceptable what the server
// refuses: "weak" means some part of the shared rule (@shebao/vocabulary) is unmet.
import { unmetPasswordRules } from '@shebao/vocabulary';

const STRONG_MIN_CHARS = 14;

export type PasswordStrength = 'weak' | 'fair' | 'strong';

export function passwordStrength(password: string, phone?: string): PasswordStrength {
  if (unmetPasswordRules(password, phone).length > 0) return 'weak';
  return password.length >= STRONG_MIN_CHARS ? 'strong' : 'fair';
}
