import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { OwnerOnly } from '../../authz/field-tags.js';
import { Allow, PersonId } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { Person, personFor } from '../person/index.js';
import type { InsuranceServices } from './insurance.resolver.js';
import { LinkedCard } from './insurance.types.js';

type CardLinkingContext = RequestContext<Pick<InsuranceServices, 'cards'>>;

@Resolver(() => Person)
export class PersonCardResolver {
  @FieldResolver(() => LinkedCard, { nullable: true, description: 'The linked card, masked, and when its data was fetched. Only the person themself; null without a card.' })
  @OwnerOnly()
  linkedCard(@Root() person: Person, @Ctx() { services }: CardLinkingContext): Promise<LinkedCard | null> {
    return services.cards.linkedCard(person.accountId);
  }
}

@Resolver()
export class CardLinkingResolver {
  @Mutation(() => Person, {
    nullable: true,
    description:
      'Link a social insurance card; the query password is used once and never stored. While another card is linked this replaces all its data, and is refused (CARD_REPLACE_UNCONFIRMED) unless `replace` is true.',
  })
  @Allow('person')
  async linkSocialInsuranceCard(
    @Arg('cardNumber', () => String) cardNumber: string,
    @Arg('queryPassword', () => String) queryPassword: string,
    @PersonId() accountId: string,
    @Ctx() { services, caller }: CardLinkingContext,
    @Arg('replace', () => Boolean, { defaultValue: false, description: 'The person confirmed that this card replaces the linked one.' }) replace: boolean = false,
  ): Promise<Person> {
    await services.cards.link(accountId, cardNumber, queryPassword, caller, replace);
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
