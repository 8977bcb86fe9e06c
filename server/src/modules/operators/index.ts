// The operators module: staff accounts (password + TOTP, roles), their short sessions, and the
// append-only, hash-chained operator audit log. Its operations, and every other module's operator
// operations, are served on /operator/graphql only — never on /graphql.
//
// Adding an operator operation from another module (rights, keys, …):
//
//   1. a resolver class whose root fields carry a role guard, and which writes its audit entry in
//      the same transaction as the change it records:
//
//        @Resolver()
//        export class BreachResolver {
//          @Mutation(() => Breach)
//          @Allow('operator', { roles: ['SECURITY_OFFICER'] })
//          recordBreach(@Arg('input', () => BreachInput) input: BreachInput, @OperatorId() operatorId: string, @Ctx() { services }: Ctx) {
//            return services.breaches.record(operatorId, input);   // the service calls, inside its transaction:
//          }                                                       //   await audit.append(tx, { operatorId, action: 'breach.record', target: `breach:${id}`, detail: { categories } })
//        }
//
//   2. list it in the module face's `operatorResolvers` (defineModule); the module gets the audit
//      log as a dependency (`operatorAudit: OperatorAuditPort`) from the composition root.
//
// Guards: `@Allow('operator')` admits any signed-in operator, `@Allow('operator', { roles: [...] })`
// one holding any of the roles; anyone else (a person's session, a partner, nobody) is refused.
// Schema assembly refuses an operator guard on the gateway's schema and any other on the operator one.
// Queries are audited for you (each operation an operator runs is an `operation` entry);
// mutations write their own entry with what they changed.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import { createParameterDecorator } from 'type-graphql';
import { signedInOperator, type GuardContext } from '../../authz/guards.js';
import type { Throttle } from '../../authz/throttle.js';
import type { Limits } from '../../config/config.js';
import type { FieldCrypto } from '../../config/field-crypto.js';
import type { Database } from '../../db/database.js';
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import { OperatorAccountService } from './operator-accounts.service.js';
import { OperatorAuditLog } from './operator-audit.service.js';
import { OperatorSessionService } from './operator-sessions.service.js';
import { OperatorAuditResolver, OperatorSessionResolver, type OperatorsServices } from './operators.resolver.js';

export type OperatorsDeps = {
  db: Database;
  crypto: FieldCrypto;
  throttle: Throttle;
  limits: Limits['operatorSignIn'];
  /** Production: the operator cookie is Secure. */
  production: boolean;
};

export const operatorsModule = defineModule({
  name: 'operators',
  resolvers: [],
  operatorResolvers: [OperatorSessionResolver, OperatorAuditResolver],
  create: (deps: OperatorsDeps): ModuleInstance<OperatorsServices> => {
    const operatorAudit = new OperatorAuditLog(deps.db);
    const operatorSessions = new OperatorSessionService(deps.db, deps.production);
    return {
      services: {
        operatorAudit,
        operatorSessions,
        operatorAccounts: new OperatorAccountService(deps.db, deps.crypto, deps.throttle, deps.limits, operatorSessions, operatorAudit),
      },
    };
  },
});

/** What another module needs to record its operator actions: append inside its own transaction. */
export type OperatorAuditPort = Pick<OperatorAuditLog, 'append' | 'record'>;

/** Parameter decorator: `@OperatorId() operatorId: string` next to `@Allow('operator', …)`. */
export const OperatorId = () => createParameterDecorator<GuardContext>(({ context }) => signedInOperator(context.principal).operatorId);

export type { OperatorsServices } from './operators.resolver.js';
export type { AuditEntry, AuditChainCheck } from './operator-audit.service.js';
export { OperatorAuditLog } from './operator-audit.service.js';
export { newOperatorProblems, totpCode, type NewOperator } from './operator-accounts.service.js';
export { OperatorRoleEnum } from './operators.types.js';
export { OPERATOR_COOKIE, OPERATOR_IDLE_MS, OPERATOR_MAX_SESSION_MS, OPERATOR_PATH, OPERATOR_SESSION_PREFIX } from './operator-sessions.service.js';
export { DEMO_OPERATOR_PASSWORD, DEMO_OPERATORS, seedDemoOperators } from './demo-operators.js';
