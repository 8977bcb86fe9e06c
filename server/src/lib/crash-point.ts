// Test-only: SHEBAO_TEST_CRASH_AT=<step> kills the process (SIGKILL, no clean-up) when it reaches
// that named step, so a test can prove a first start survives a kill at each step. Ignored in
// production. Read once, here, because it is not configuration: nobody sets it outside a test.
const target = process.env.NODE_ENV === 'production' ? undefined : process.env.SHEBAO_TEST_CRASH_AT;

export function crashPoint(step: string): void {
  if (target === step) process.kill(process.pid, 'SIGKILL');
}
