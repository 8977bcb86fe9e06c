// The response side of the authorization layer: one FORBIDDEN error per denied field, the
// categories the response contains (and, for a query of several parts, each part's) and the
// subject's consent version in `extensions`, and an access record for every read of personal
// data by anyone but the person.
import type { ApolloServerPlugin } from '@apollo/server';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { accounts } from '../db/schema.js';
import type { DataCategory } from '@shebao/vocabulary';
import type { AccessRecorder } from './access-record.js';
import { accessRecordPrincipal, consentVersionOf, subjectOf, type Principal } from './principal.js';
import { OUTSIDE_PARTS, requestedCategoriesByPart } from './requested-categories.js';
import type { RequestAccess } from './request-access.js';

/** What the plugin reads of the request context. */
type AuthorizationContext = { requestId: string; principal: Principal; access: RequestAccess };

export function authorizationPlugin(deps: { db: Executor; accessLog: AccessRecorder }): ApolloServerPlugin<AuthorizationContext> {
  return {
    async requestDidStart() {
      // The access record is written while the operation executes, and the response waits for it:
      // no personal data leaves without its record, and the write costs no extra round trip.
      let recorded: Promise<unknown> | undefined;
      let parts: Record<string, DataCategory[]> | undefined;
      return {
        async didResolveOperation({ contextValue: ctx, schema, document, operation, operationName }) {
          const subjectId = subjectOf(ctx.principal);
          if (!subjectId || !operation) return;
          const decision = await ctx.access.decide();
          const byPart = requestedCategoriesByPart(schema, document, operation, decision);
          // A read of several parts: the offline cache keeps each apart (client/src/sw/response-parts.ts).
          if (operation.operation === 'query' && [...byPart.keys()].filter((part) => part !== OUTSIDE_PARTS).length > 1) {
            parts = Object.fromEntries([...byPart].map(([part, set]) => [part, [...set].sort()]));
          }
          const reader = accessRecordPrincipal(ctx.principal);
          const categories = [...new Set([...byPart.values()].flatMap((set) => [...set]))].sort();
          if (!reader || categories.length === 0) return;
          recorded = deps.accessLog
            .append({
              subjectId,
              ...reader,
              categories,
              purpose: decision.purpose,
              operationName: operationName ?? null,
              requestId: ctx.requestId,
            })
            .then(
              () => undefined,
              (error: unknown) => error,
            );
        },

        async willSendResponse({ contextValue: ctx, response, operation, logger }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const auditFailure = await recorded;
          if (auditFailure) {
            // Fail closed: without its access record, the data is not released.
            logger.error(`access record not written: ${(auditFailure as Error).name}`);
            result.data = null;
            result.errors = [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
            return;
          }
          const denials = ctx.access.denialErrors();
          if (denials.length) result.errors = [...(result.errors ?? []), ...denials.map((e) => e.toJSON())];

          const subjectId = subjectOf(ctx.principal);
          let consentVersion = consentVersionOf(ctx.principal);
          if (subjectId && operation?.operation === 'mutation') {
            // A mutation may have changed consent: report the version after it.
            const [row] = await deps.db.select({ v: accounts.consentVersion }).from(accounts).where(eq(accounts.id, subjectId));
            consentVersion = row?.v ?? null;
          }
          result.extensions = { ...result.extensions, dataCategories: [...ctx.access.returned].sort(), ...(parts && { dataCategoryParts: parts }), consentVersion };
        },
      };
    },
  };
}
