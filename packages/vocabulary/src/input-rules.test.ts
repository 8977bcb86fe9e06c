import { describe, expect, it } from 'vitest';
import { normaliseCardNumber, normaliseMobile, passwordChecklist, unmetPasswordRules } from './input-rules.js';

describe('input rules', () => {
  it('accept mainland mobile numbers in the usual spellings and nothing else', () => {
    expect(normaliseMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(normaliseMobile('8613800138000')).toBe('13800138000');
    expect(normaliseMobile('12800138000')).toBeNull();
    expect(normaliseMobile('1380013800')).toBeNull();
  });

  it('name each unmet part of the password rule', () => {
    expect(unmetPasswordRules('Shebao-demo-2026')).toEqual([]);
    expect(unmetPasswordRules('password1234')).toEqual(['classes', 'notCommon']);
    expect(unmetPasswordRules('short1A')).toEqual(['length']);
    expect(unmetPasswordRules('Ab-13800138000', '13800138000')).toEqual(['notPhone']);
    expect(passwordChecklist('x'.repeat(129) + 'A1')).toMatchObject({ length: false });
  });

  it('normalise card numbers to nine upper-case letters or digits', () => {
    expect(normaliseCardNumber(' sh1234567 ')).toBe('SH1234567');
    expect(normaliseCardNumber('SH12345')).toBeNull();
  });
});
