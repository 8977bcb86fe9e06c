import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { requirePerson } from '../accounts/session.js';
import { Person } from '../person/person.types.js';
import { personFor } from '../person/person.resolver.js';

@Resolver()
export class CardLinkingResolver {
  @Mutation(() => Person, { nullable: true, description: 'Link a social insurance card; the query password is used once and never stored.' })
  async linkSocialInsuranceCard(
    @Arg('cardNumber', () => String) cardNumber: string,
    @Arg('queryPassword', () => String) queryPassword: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Person> {
    const accountId = requirePerson(ctx);
    await ctx.services.cards.link(accountId, cardNumber, queryPassword);
    return personFor(accountId);
  }

  @Mutation(() => Person, { nullable: true, description: 'Fetch the linked card’s data from the platform again.' })
  async refreshSocialInsuranceData(@Arg('queryPassword', () => String) queryPassword: string, @Ctx() ctx: GraphQLContext): Promise<Person> {
    const accountId = requirePerson(ctx);
    await ctx.services.cards.refresh(accountId, queryPassword);
    return personFor(accountId);
  }
}
