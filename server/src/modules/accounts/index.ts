// The accounts module: registration (with the user agreement), sign-in by password or SMS code,
// password reset, sessions, the profile, account closure (its first, immediate step) and the
// person's data export (which asks every module's face for its part).
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import type { Throttle } from '../../authz/throttle.js';
import type { Limits } from '../../config/config.js';
import type { FieldCrypto } from '../../config/field-crypto.js';
import type { Database, Executor } from '../../db/database.js';
import { defineModule, type ModuleDeclarations, type ModuleInstance } from '../../graphql/module.js';
import { AccountResolver, PersonAccountResolver, type AccountsServices } from './accounts.resolver.js';
import { AccountService } from './accounts.service.js';
import { SessionService } from './session.service.js';

export type AccountsDeps = {
  db: Database;
  crypto: FieldCrypto;
  /** Production: session cookies are Secure. */
  production: boolean;
  declarations: Pick<ModuleDeclarations, 'exports'>;
  throttle: Throttle;
  limits: Pick<Limits, 'signIn' | 'registrationCodes'>;
  /** The current privacy notice, which registration records as agreed. */
  notices: Pick<NoticeRegistry, 'current'>;
  /** What else ends at once when an account closes, inside the closure's transaction (the person's partner grants). */
  onAccountClosed?: (tx: Executor, accountId: string) => Promise<void>;
};

export const accountsModule = defineModule({
  name: 'accounts',
  resolvers: [AccountResolver, PersonAccountResolver],
  create: (deps: AccountsDeps): ModuleInstance<AccountsServices> => ({
    services: {
      accounts: new AccountService(deps.db, deps.crypto, deps.declarations, deps.throttle, deps.limits, deps.notices, deps.onAccountClosed),
      sessions: new SessionService(deps.db, deps.production),
    },
  }),
});

export type { AccountsServices } from './accounts.resolver.js';
export { hashPassword, verifyPassword } from './credentials.js';
export { SESSION_COOKIE, SESSION_PREFIX } from './session.service.js';
