// What a person may type, decided once: the form shows these rules and the server enforces them.

/** Mainland China mobile numbers: 11 digits, 1 then 3–9. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** "+86 138-0013-8000", "8613800138000", "13800138000" → "13800138000", or null when it is not one. */
export function normaliseMobile(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return MAINLAND_MOBILE.test(digits) ? digits : null;
}

/** 社保卡号 as this product accepts it: nine upper-case letters or digits. */
export const CARD_NUMBER = /^[A-Z0-9]{9}$/;

export function normaliseCardNumber(input: string): string | null {
  const value = input.trim().toUpperCase();
  return CARD_NUMBER.test(value) ? value : null;
}

/** The card's query password at the platform: six digits. */
export const CARD_QUERY_PASSWORD = /^\d{6}$/;

/** SMS verification codes: six digits. */
export const SMS_CODE = /^\d{6}$/;

/** What an SMS code is for: a code sent for one purpose never works for another. */
export const SMS_CODE_PURPOSES = ['REGISTRATION', 'SIGN_IN', 'PASSWORD_RESET'] as const;
export type SmsCodePurpose = (typeof SMS_CODE_PURPOSES)[number];

export const DISPLAY_NAME_MAX_CHARS = 40;

export const PASSWORD_MIN_CHARS = 10;
export const PASSWORD_MAX_CHARS = 128;
/** Of lower-case, upper-case, digits, symbols. */
export const PASSWORD_MIN_CLASSES = 3;

export const PASSWORD_RULE_IDS = ['length', 'classes', 'notCommon', 'notPhone'] as const;
export type PasswordRuleId = (typeof PASSWORD_RULE_IDS)[number];

const COMMON_PASSWORDS = new Set([
  'password123', 'password1234', '1234567890', '12345678910', 'qwertyuiop', 'qwerty123456', 'a123456789',
  'woaini1314', 'iloveyou123', 'abc1234567', 'abcd123456', '1q2w3e4r5t', 'zxcvbnm123', 'aa123456789',
]);

function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/**
 * Each part of the password rule, met or not: the form shows this as a live checklist and the
 * server names the unmet parts in its error. `phone` is the number being registered, if known.
 */
export function passwordChecklist(password: string, phone?: string): Record<PasswordRuleId, boolean> {
  const digits = phone ? normaliseMobile(phone) : null;
  return {
    length: password.length >= PASSWORD_MIN_CHARS && password.length <= PASSWORD_MAX_CHARS,
    classes: characterClasses(password) >= PASSWORD_MIN_CLASSES,
    notCommon: !COMMON_PASSWORDS.has(password.toLowerCase()),
    notPhone: !digits || !password.includes(digits.slice(-8)),
  };
}

export function unmetPasswordRules(password: string, phone?: string): PasswordRuleId[] {
  const checklist = passwordChecklist(password, phone);
  return PASSWORD_RULE_IDS.filter((id) => !checklist[id]);
}
