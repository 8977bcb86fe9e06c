// The response side of the authorization layer: one FORBIDDEN error per denied field, the
// categories the response contains (and, for a query of several parts, each part's) and the
// subject's consent version in `extensions`, and an access record for every read of personal
// data by anyone but the person.
import type { ApolloServerPlugin } from '@apollo/server';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { accounts } from '../db/schema.js';
import type { AccessRecorder } from './access-record.js';
import { accessRecordPrincipal, consentVersionOf, subjectOf, type Principal } from './principal.js';
import { operationLabels } from './requested-categories.js';
import type { RequestAccess } from './request-access.js';

/** What the plugin reads of the request context. */
type AuthorizationContext = { requestId: string; principal: Principal; access: RequestAccess };

export function authorizationPlugin(deps: { db: Executor; accessLog: AccessRecorder }): ApolloServerPlugin<AuthorizationContext> {
  return {
    async requestDidStart() {
      // The access record is written while the operation executes, and the response waits for it:
      // no personal data leaves without its record, and the write costs no extra round trip.
      let recorded: Promise<unknown> | undefined;
      return {
        async didResolveOperation({ contextValue: ctx, schema, document, operation, operationName }) {
          const subjectId = subjectOf(ctx.principal);
          const reader = accessRecordPrincipal(ctx.principal);
          if (!subjectId || !reader || !operation) return;
          const decision = await ctx.access.decide();
          const { categories } = operationLabels(schema, document, operation, decision);
          if (categories.length === 0) return;
          recorded = deps.accessLog
            .append({
              subjectId,
              ...reader,
              categories: [...categories],
              purpose: decision.purpose,
              operationName: operationName ?? null,
              requestId: ctx.requestId,
            })
            .then(
              () => undefined,
              (error: unknown) => error,
            );
        },

        async willSendResponse({ contextValue: ctx, response, schema, document, operation, logger }) {
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
          // A read of several parts: each part's categories, for the offline cache. Only where a
          // field was decided on (no decision is made for this alone: nothing tagged was read).
          const decision = ctx.access.decision;
          const parts = decision && document && operation?.operation === 'query' ? operationLabels(schema, document, operation, decision).parts : undefined;
          result.extensions = { ...result.extensions, dataCategories: [...ctx.access.returned].sort(), ...(parts && { dataCategoryParts: parts }), consentVersion };
        },
      };
    },
  };
}
