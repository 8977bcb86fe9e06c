// The partner manager's operations, on /operator/graphql only.
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { appError } from '../../lib/errors.js';
import { OperatorId } from '../operators/index.js';
import type { PartnerRegistryService } from './partner-registry.service.js';
import { PartnerRegistered, PartnerRegistrationInput, PartnerSuspended, RegistryPartner } from './partner-registry.types.js';

type RegistryContext = RequestContext<{ partnerRegistry: PartnerRegistryService }>;

@Resolver()
export class PartnerRegistryResolver {
  @Query(() => [RegistryPartner], { description: 'Every registered partner, suspended ones too.' })
  @Allow('operator', { roles: ['PARTNER_MANAGER'] })
  registryPartners(@Ctx() { services }: RegistryContext): Promise<RegistryPartner[]> {
    return services.partnerRegistry.list();
  }

  @Query(() => RegistryPartner, { nullable: true })
  @Allow('operator', { roles: ['PARTNER_MANAGER'] })
  registryPartner(@Arg('id', () => ID) id: string, @Ctx() { services }: RegistryContext): Promise<RegistryPartner | null> {
    return services.partnerRegistry.get(id);
  }

  @Mutation(() => PartnerRegistered, { description: 'Registers a partner (audited).' })
  @Allow('operator', { roles: ['PARTNER_MANAGER'] })
  registerPartner(
    @Arg('input', () => PartnerRegistrationInput) input: PartnerRegistrationInput,
    @OperatorId() operatorId: string,
    @Ctx() { services }: RegistryContext,
  ): Promise<PartnerRegistered> {
    return services.partnerRegistry.register(operatorId, input);
  }

  @Mutation(() => RegistryPartner, { description: 'Edits a registration; the client id stays (audited).' })
  @Allow('operator', { roles: ['PARTNER_MANAGER'] })
  updatePartner(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => PartnerRegistrationInput) input: PartnerRegistrationInput,
    @OperatorId() operatorId: string,
    @Ctx() { services }: RegistryContext,
  ): Promise<RegistryPartner> {
    if (input.clientId != null) throw appError('BAD_USER_INPUT', 'The client id cannot change', { field: 'input.clientId' });
    return services.partnerRegistry.update(operatorId, id, input);
  }

  @Mutation(() => PartnerSuspended, { description: 'Suspends a partner: every token refused at once, every grant ended (audited).' })
  @Allow('operator', { roles: ['PARTNER_MANAGER'] })
  suspendPartner(@Arg('id', () => ID) id: string, @OperatorId() operatorId: string, @Ctx() { services }: RegistryContext): Promise<PartnerSuspended> {
    return services.partnerRegistry.suspend(operatorId, id);
  }

  @Mutation(() => RegistryPartner, { description: 'Reinstates a suspended partner; ended grants stay ended (audited).' })
  @Allow('operator', { roles: ['PARTNER_MANAGER'] })
  reinstatePartner(@Arg('id', () => ID) id: string, @OperatorId() operatorId: string, @Ctx() { services }: RegistryContext): Promise<RegistryPartner> {
    return services.partnerRegistry.reinstate(operatorId, id);
  }
}
