import { asc, eq } from 'drizzle-orm';
import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { partners } from '../../db/schema.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Locale } from '../../graphql/enums.js';
import { DataCategoryScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { appError } from '../../lib/errors.js';
import { requirePerson } from '../accounts/session.js';

@ObjectType({ description: 'A registered partner app and what it is registered to receive.' })
export class Partner {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  clientId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [DataCategoryScalar])
  registeredCategories!: DataCategory[];
}

@ObjectType()
export class IssuedToken {
  @Field(() => String)
  token!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;

  @Field(() => [DataCategoryScalar])
  scopes!: DataCategory[];
}

export function toPartner(row: typeof partners.$inferSelect, locale: Locale): Partner {
  return {
    id: row.id,
    clientId: row.clientId,
    name: locale === 'EN' ? row.nameEn : row.name,
    description: locale === 'EN' ? row.descriptionEn : row.description,
    registeredCategories: row.registeredCategories as DataCategory[],
  };
}

@Resolver()
export class PartnersResolver {
  @Query(() => [Partner], { description: 'The public partner registry.' })
  async partners(@Ctx() { services }: GraphQLContext, @Arg('locale', () => Locale, { defaultValue: 'ZH_CN' }) locale: Locale): Promise<Partner[]> {
    const rows = await services.db.select().from(partners).where(eq(partners.active, true)).orderBy(asc(partners.name));
    return rows.map((row) => toPartner(row, locale));
  }

  @Mutation(() => IssuedToken, {
    description:
      'Development only: a partner token for the signed-in person, as if the partner had completed authorization. Needs the same grant a real token needs.',
  })
  developmentPartnerToken(
    @Arg('partnerClientId', () => String) partnerClientId: string,
    @Arg('scopes', () => [DataCategoryScalar]) scopes: DataCategory[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<IssuedToken> {
    if (ctx.services.config.env === 'production') throw appError('FORBIDDEN', 'Not available in production');
    return ctx.services.partnerTokens.issue({ partnerClientId, accountId: requirePerson(ctx), scopes });
  }

  @Mutation(() => String, { description: 'Development only: a researcher token (aggregate fields only).' })
  developmentResearcherToken(@Ctx() ctx: GraphQLContext): Promise<string> {
    if (ctx.services.config.env === 'production') throw appError('FORBIDDEN', 'Not available in production');
    return ctx.services.partnerTokens.issueResearcherToken(`dev-researcher`);
  }
}
