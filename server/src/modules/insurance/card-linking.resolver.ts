import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Allow, PersonId } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { Person, personFor } from '../person/index.js';
import type { InsuranceServices } from './insurance.resolver.js';

type CardLinkingContext = RequestContext<Pick<InsuranceServices, 'cards'>>;

@Resolver()
export class CardLinkingResolver {
  @Mutation(() => Person, { nullable: true, description: 'Link a social insurance card; the query password is used once and never stored.' })
  @Allow('person')
  async linkSocialInsuranceCard(
    @Arg('cardNumber', () => String) cardNumber: string,
    @Arg('queryPassword', () => String) queryPassword: string,
    @PersonId() accountId: string,
    @Ctx() { services, caller }: CardLinkingContext,
  ): Promise<Person> {
    await services.cards.link(accountId, cardNumber, queryPassword, caller);
    return personFor(accountId);
  }

  @Mutation(() => Person, { nullable: true, description: 'Fetch the linked card’s data from the platform again.' })
  @Allow('person')
  async refreshSocialInsuranceData(
    @Arg('queryPassword', () => String) queryPassword: string,
    @PersonId() accountId: string,
    @Ctx() { services, caller }: CardLinkingContext,
  ): Promise<Person> {
    await services.cards.refresh(accountId, queryPassword, caller);
    return personFor(accountId);
  }
}
