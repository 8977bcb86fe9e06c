import { describe, expect, it } from 'vitest';
import { AppError, appError, fieldError } from './errors.js';

describe('AppError', () => {
  it('carries its code, extensions and HTTP status', () => {
    const limited = appError('RATE_LIMITED', 'Too many requests', { retryAfterSeconds: 3 });
    expect(limited).toBeInstanceOf(AppError);
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3, http: { status: 429 } });
    expect(fieldError(['me', 'identity'], 'FORBIDDEN', 'Not authorized', { category: 'identity.basic', reason: 'SCOPE_MISSING' }).path).toEqual(['me', 'identity']);
  });

  it('records no stack trace (an outcome, not a fault) and leaves stack traces on for every other error', () => {
    const before = Error.stackTraceLimit;
    expect(appError('BAD_USER_INPUT', 'Bad id').stack ?? '').not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('a fault').stack).toMatch(/\n\s+at /);
  });
});
