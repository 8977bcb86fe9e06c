// The operators' side of people's rights, on /operator/graphql only: the request queue (support
// and the privacy officer), the support view under a person's support request (support), the
// disclosure record (privacy officer) and breach notices (security officer).
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { isDataCategory, type DataCategory, type DataRequestStatus } from '@shebao/vocabulary';
import { Allow } from '../../authz/guards.js';
import { uuidArgument } from '../../graphql/arguments.js';
import type { RequestContext } from '../../graphql/context.js';
import { appError } from '../../lib/errors.js';
import { OperatorId } from '../operators/index.js';
import type { RightsServices } from './rights.resolver.js';
import { toDataRequest } from './rights.resolver.js';
import { DataRequestStatusEnum } from './rights.types.js';
import { BreachNoticeInput, DisclosureInput, Incident, QueuedRequest, RecordedDisclosure, SupportView } from './rights-operator.types.js';
import type { RequestRow } from './requests.service.js';
import type { BreachRow } from './breach.service.js';
import type { DisclosureRow } from './disclosures.service.js';

type Ctx = RequestContext<RightsServices>;
const QUEUE_ROLES = ['SUPPORT', 'PRIVACY_OFFICER'] as const;
const categories = (values: readonly string[]): DataCategory[] => values.filter(isDataCategory);

function queued(row: RequestRow, services: RightsServices): QueuedRequest {
  const now = new Date();
  const base = toDataRequest(row, services, null, now);
  return Object.assign(base, { accountRef: row.accountId, workingDaysLeft: base.deadline === null ? null : base.deadline === 'OVERDUE' ? 0 : services.dataRequests.workingDaysLeft(row, now) });
}

const toIncident = (row: BreachRow): Incident => ({ ...row, categories: categories(row.categories) });
const toRecorded = (row: DisclosureRow): RecordedDisclosure => ({ ...row, accountRef: row.accountId, categories: categories(row.categories) });

@Resolver()
export class RequestQueueResolver {
  @Query(() => [QueuedRequest], { description: 'Open requests by deadline, most urgent first (overdue and due-soon flagged); answered ones too if asked.' })
  @Allow('operator', { roles: [...QUEUE_ROLES] })
  async requestQueue(@Arg('includeAnswered', () => Boolean, { defaultValue: false }) includeAnswered: boolean, @Ctx() { services }: Ctx): Promise<QueuedRequest[]> {
    return (await services.dataRequests.queue({ includeAnswered })).map((row) => queued(row, services));
  }

  @Mutation(() => QueuedRequest, { description: 'Answer a request: IN_PROGRESS, COMPLETED or REJECTED (with why). A completed deletion erases the categories named (audited).' })
  @Allow('operator', { roles: [...QUEUE_ROLES] })
  async answerRequest(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => DataRequestStatusEnum) status: DataRequestStatus,
    @Arg('answer', () => String, { nullable: true }) answer: string | null,
    @OperatorId() operatorId: string,
    @Ctx() { services }: Ctx,
  ): Promise<QueuedRequest> {
    if (status === 'RECEIVED') throw appError('BAD_USER_INPUT', 'Answer with IN_PROGRESS, COMPLETED or REJECTED', { field: 'status' });
    const row = await services.dataRequests.answer(uuidArgument(id, 'id'), operatorId, status, answer, (tx, request) =>
      request.kind === 'DELETION' ? services.erasure.eraseCategories(tx, request.accountId, categories(request.details.categories ?? [])) : Promise.resolve(),
    );
    return queued(row, services);
  }
}

@Resolver()
export class SupportViewResolver {
  @Query(() => SupportView, { description: 'What the person’s support request lets you see; the read is recorded in their access log.' })
  @Allow('operator', { roles: ['SUPPORT'] })
  async supportView(@Arg('reference', () => String) reference: string, @OperatorId() operatorId: string, @Ctx() { services, requestId }: Ctx): Promise<SupportView> {
    const { grant, data } = await services.support.view(reference, operatorId, requestId);
    return { categories: categories(grant.categories), expiresAt: grant.expiresAt, note: grant.note, data };
  }
}

@Resolver()
export class DisclosureResolver {
  @Query(() => [RecordedDisclosure])
  @Allow('operator', { roles: ['PRIVACY_OFFICER'] })
  async disclosureRecords(@Ctx() { services }: Ctx): Promise<RecordedDisclosure[]> {
    return (await services.disclosures.list()).map(toRecorded);
  }

  @Mutation(() => RecordedDisclosure, { description: 'Record a disclosure to an authority; the person sees it now, or when the deferral ends (audited).' })
  @Allow('operator', { roles: ['PRIVACY_OFFICER'] })
  async recordDisclosure(@Arg('input', () => DisclosureInput) input: DisclosureInput, @OperatorId() operatorId: string, @Ctx() { services }: Ctx): Promise<RecordedDisclosure> {
    return toRecorded(await services.disclosures.record({ ...input, accountId: uuidArgument(input.accountRef, 'input.accountRef') }, operatorId));
  }
}

@Resolver()
export class BreachResolver {
  @Query(() => [Incident])
  @Allow('operator', { roles: ['SECURITY_OFFICER'] })
  async incidents(@Ctx() { services }: Ctx): Promise<Incident[]> {
    return (await services.breaches.list()).map(toIncident);
  }

  @Query(() => Int, { description: 'How many people the notice would reach.' })
  @Allow('operator', { roles: ['SECURITY_OFFICER'] })
  affectedCount(@Arg('id', () => ID) id: string, @Ctx() { services }: Ctx): Promise<number> {
    return services.breaches.countAffected(uuidArgument(id, 'id'));
  }

  @Mutation(() => Incident, { description: 'Record an incident with every part of the PIPL Art. 57 notice (audited).' })
  @Allow('operator', { roles: ['SECURITY_OFFICER'] })
  async recordBreach(@Arg('input', () => BreachNoticeInput) input: BreachNoticeInput, @OperatorId() operatorId: string, @Ctx() { services }: Ctx): Promise<Incident> {
    return toIncident(await services.breaches.record(input, operatorId));
  }

  @Mutation(() => Boolean, { description: 'Notify the affected people by SMS and in the app (a job; audited).' })
  @Allow('operator', { roles: ['SECURITY_OFFICER'] })
  async sendBreachNotice(@Arg('id', () => ID) id: string, @OperatorId() operatorId: string, @Ctx() { services }: Ctx): Promise<boolean> {
    await services.breaches.send(uuidArgument(id, 'id'), operatorId);
    return true;
  }
}
