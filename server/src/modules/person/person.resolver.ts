import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Allow } from '../../authz/guards.js';
import { subjectOf } from '../../authz/principal.js';
import type { RequestContext } from '../../graphql/context.js';
import { globalIdArgument } from '../../graphql/arguments.js';
import { Node } from '../../graphql/node.js';
import { assertNever } from '../../lib/assert-never.js';
import type { NodeService } from './nodes.service.js';
import { Person, personFor } from './person.types.js';

export type PersonServices = { nodes: NodeService };
type PersonContext = RequestContext<PersonServices>;


@Resolver()
export class PersonResolver {
  @Query(() => Person, {
    nullable: true,
    description: 'The person the credential speaks for; null when not signed in. There is no way to name another person.',
  })
  @Allow('anyone')
  async me(@Ctx() ctx: PersonContext, @Info() info: GraphQLResolveInfo): Promise<Person | null> {
    const principal = ctx.principal;
    switch (principal.kind) {
      case 'person':
      case 'partner':
        return personFor(principal.accountId);
      // Researchers read aggregates only; anonymous callers have no subject. Either way: a reasoned null.
      case 'researcher':
        ctx.access.recordDenial(info, null, 'AGGREGATE_ONLY');
        return null;
      case 'operator':
      case 'anonymous':
        ctx.access.recordDenial(info, null, 'UNAUTHENTICATED');
        return null;
    }
    return assertNever(principal);
  }

  @Query(() => Node, { nullable: true, description: "One of the subject's own objects by global id; anyone else's id gives null." })
  @Allow('anyone')
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: PersonContext, @Info() info: GraphQLResolveInfo): Promise<Node | null> {
    const subjectId = subjectOf(ctx.principal);
    const ref = globalIdArgument(id, 'id');
    const source = ctx.services.nodes.source(ref.type);
    if (!subjectId || !source) return null;
    // The category is checked before the id is even looked at, so the answer cannot tell whether it exists.
    if (source.category) {
      await ctx.access.decide();
      if (!ctx.access.permitsCategory(source.category, info)) return null;
    }
    return source.load(subjectId, ref.id);
  }
}
