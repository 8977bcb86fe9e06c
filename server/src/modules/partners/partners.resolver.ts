import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { Locale } from '../../graphql/enums.js';
import type { PartnerAccessService } from './partner-access.service.js';
import type { PartnerRegistryService } from './partner-registry.service.js';
import type { PartnerDirectory } from './partners.data.js';
import { Partner } from './partners.types.js';
import type { ResearcherTokenService } from './researcher-tokens.service.js';

export type PartnersServices = {
  partners: PartnerDirectory;
  partnerAccess: PartnerAccessService;
  researcherTokens: ResearcherTokenService;
  /** The partner manager's registry (operator console). */
  partnerRegistry: PartnerRegistryService;
};
type PartnersContext = RequestContext<PartnersServices>;

@Resolver()
export class PartnersResolver {
  @Query(() => [Partner], { description: 'The public partner registry.' })
  @Allow('anyone')
  partners(@Ctx() { services }: PartnersContext, @Arg('locale', () => Locale, { defaultValue: 'ZH_CN' }) locale: Locale): Promise<Partner[]> {
    return services.partners.active(locale);
  }

  // Partners get their tokens through OAuth (/oauth); researchers are not partners yet.
  @Mutation(() => String, { description: 'Development only: a researcher token (aggregate fields only).' })
  @Allow('anyone', { developmentOnly: true })
  developmentResearcherToken(@Ctx() { services }: PartnersContext): Promise<string> {
    return services.researcherTokens.issue('dev-researcher');
  }
}
