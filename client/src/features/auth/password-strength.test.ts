import { describe, expect, it } from 'vitest';
import { passwordStrength } from './password-strength';

describe('password strength', () => {
  it('is weak whenever the server would refuse the password', () => {
    expect(passwordStrength('password1234')).toBe('weak'); // common, two classes
    expect(passwordStrength('abcdefgh12')).toBe('weak'); // two classes
    expect(passwordStrength('Ab-13800138000', '13800138000')).toBe('weak'); // contains the phone
    expect(passwordStrength('Shebao-2026')).toBe('fair');
    expect(passwordStrength('Shebao-demo-2026')).toBe('strong');
  });
});
