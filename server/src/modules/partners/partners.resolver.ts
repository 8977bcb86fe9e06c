import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { Allow, PersonId } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { Locale } from '../../graphql/enums.js';
import { DataCategoryScalar } from '../../graphql/scalars.js';
import type { PartnerTokenService } from './partner-tokens.service.js';
import type { PartnerDirectory } from './partners.data.js';
import { IssuedToken, Partner } from './partners.types.js';

export type PartnersServices = { partners: PartnerDirectory; partnerTokens: PartnerTokenService };
type PartnersContext = RequestContext<PartnersServices>;

@Resolver()
export class PartnersResolver {
  @Query(() => [Partner], { description: 'The public partner registry.' })
  @Allow('anyone')
  partners(@Ctx() { services }: PartnersContext, @Arg('locale', () => Locale, { defaultValue: 'ZH_CN' }) locale: Locale): Promise<Partner[]> {
    return services.partners.active(locale);
  }

  // Until partner OAuth lands (modules/partners + http/routes/oauth.route.ts), developers get tokens here.
  @Mutation(() => IssuedToken, {
    description:
      'Development only: a partner token for the signed-in person, as if the partner had completed authorization. Needs the same grant a real token needs.',
  })
  @Allow('person', { developmentOnly: true })
  developmentPartnerToken(
    @Arg('partnerClientId', () => String) partnerClientId: string,
    @Arg('scopes', () => [DataCategoryScalar]) scopes: DataCategory[],
    @PersonId() accountId: string,
    @Ctx() { services }: PartnersContext,
  ): Promise<IssuedToken> {
    return services.partnerTokens.issue({ partnerClientId, accountId, scopes });
  }

  @Mutation(() => String, { description: 'Development only: a researcher token (aggregate fields only).' })
  @Allow('anyone', { developmentOnly: true })
  developmentResearcherToken(@Ctx() { services }: PartnersContext): Promise<string> {
    return services.partnerTokens.issueResearcherToken('dev-researcher');
  }
}
