// The response side of the authorization layer: one FORBIDDEN error per denied field, the
// categories the response contains and the subject's consent version in `extensions`, and an
// access record for every read of personal data by anyone but the person.
import type { ApolloServerPlugin } from '@apollo/server';
import { eq } from 'drizzle-orm';
import type { AppServices } from '../app-services.js';
import { accounts } from '../db/schema.js';
import type { GraphQLContext } from '../graphql/context.js';
import { consentVersionOf, subjectOf } from './principal.js';

export function authorizationPlugin(services: Pick<AppServices, 'db' | 'accessLog'>): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, response, operation, operationName }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const denials = ctx.access.denialErrors();
          if (denials.length) result.errors = [...(result.errors ?? []), ...denials.map((e) => e.toJSON())];

          const subjectId = subjectOf(ctx.principal);
          let consentVersion = consentVersionOf(ctx.principal);
          if (subjectId && operation?.operation === 'mutation') {
            // A mutation may have changed consent: report the version after it.
            const [row] = await services.db.select({ v: accounts.consentVersion }).from(accounts).where(eq(accounts.id, subjectId));
            consentVersion = row?.v ?? null;
          }
          const categories = [...ctx.access.returned].sort();
          result.extensions = { ...result.extensions, dataCategories: categories, consentVersion };

          if (subjectId && ctx.principal.kind === 'partner' && categories.length > 0) {
            await services.accessLog.append({
              subjectId,
              principalType: 'PARTNER',
              principalId: ctx.principal.partnerId,
              partnerId: ctx.principal.partnerId,
              categories,
              purpose: ctx.access.decision?.purpose ?? 'PARTNER_SHARING',
              operationName: operationName ?? null,
              requestId: ctx.requestId,
            });
          }
        },
      };
    },
  };
}
