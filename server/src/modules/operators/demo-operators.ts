// Development only: one demo operator per role, with published passwords and TOTP secrets, so the
// console works on `pnpm start`'s demo data. Never seeded in production (see index.ts at the root).
// Add a secret to any authenticator app, or compute the code: `totpCode(secret)`.
import type { OperatorRole } from '../../authz/principal.js';
import type { OperatorAccountService } from './operator-accounts.service.js';

export const DEMO_OPERATOR_PASSWORD = 'Operator-demo-2026';

export const DEMO_OPERATORS: readonly { loginName: string; displayName: string; roles: OperatorRole[]; totpSecret: string }[] = [
  { loginName: 'demo-support', displayName: '演示客服', roles: ['SUPPORT'], totpSecret: 'SHEBAODEMOSUPPORTOPERATORAAAAAAA' },
  { loginName: 'demo-privacy', displayName: '演示隐私负责人', roles: ['PRIVACY_OFFICER'], totpSecret: 'SHEBAODEMOPRIVACYOFFICERAAAAAAAA' },
  { loginName: 'demo-partners', displayName: '演示合作方经理', roles: ['PARTNER_MANAGER'], totpSecret: 'SHEBAODEMOPARTNERMANAGERAAAAAAAA' },
  { loginName: 'demo-security', displayName: '演示安全负责人', roles: ['SECURITY_OFFICER'], totpSecret: 'SHEBAODEMOSECURITYOFFICERAAAAAAA' },
];

/** Creates the demo operators that do not exist yet; returns how many were created. */
export async function seedDemoOperators(accounts: Pick<OperatorAccountService, 'create' | 'exists'>): Promise<number> {
  let created = 0;
  for (const demo of DEMO_OPERATORS) {
    if (await accounts.exists(demo.loginName)) continue;
    await accounts.create({ ...demo, password: DEMO_OPERATOR_PASSWORD }).catch((error: unknown) => {
      // Another instance created it meanwhile (unique login name): nothing to do.
      if ((error as { cause?: { code?: string } }).cause?.code !== '23505') throw error;
    });
    created += 1;
  }
  return created;
}
