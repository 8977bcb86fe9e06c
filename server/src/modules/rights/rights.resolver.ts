import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { isDataCategory, type DataCategory } from '@shebao/vocabulary';
import { OwnerOnly } from '../../authz/field-tags.js';
import { isRestricting } from '../../authz/restrictions.js';
import type { Executor } from '../../db/database.js';
import { Allow, PersonId } from '../../authz/guards.js';
import { uuidArgument } from '../../graphql/arguments.js';
import type { RequestContext } from '../../graphql/context.js';
import { appError } from '../../lib/errors.js';
import type { AccountsServices } from '../accounts/index.js';
import { Person } from '../person/index.js';
import type { BreachRow, BreachService } from './breach.service.js';
import type { ClosureService } from './closure.service.js';
import type { DisclosureService } from './disclosures.service.js';
import type { ExportService } from './export.service.js';
import type { DataRequestService, RequestRow } from './requests.service.js';
import type { SupportGrantRow, SupportService } from './support.service.js';
import {
  BreachNotice,
  DataExportFile,
  DataRequest,
  DataRequestInput,
  Disclosure,
  OpenedSupportRequest,
  SupportRequest,
  SupportRequestInput,
} from './rights.types.js';

export type RightsServices = {
  dataRequests: DataRequestService;
  dataExports: ExportService;
  closure: ClosureService;
  disclosures: DisclosureService;
  support: SupportService;
  breaches: BreachService;
  /** Deletes what the modules hold in these categories (a completed deletion request). */
  erasure: ErasurePort;
};
export type ErasurePort = { eraseCategories(tx: Executor, accountId: string, categories: readonly DataCategory[]): Promise<void> };
type RightsContext = RequestContext<RightsServices & Pick<AccountsServices, 'sessions'>>;

const categoriesOf = (values: readonly string[] | undefined): DataCategory[] => (values ?? []).filter(isDataCategory);

export function toDataRequest(row: RequestRow, services: Pick<RightsServices, 'dataRequests'>, downloadableUntil: Date | null, now = new Date()): DataRequest {
  return {
    id: row.id,
    kind: row.kind as DataRequest['kind'],
    status: row.status,
    categories: categoriesOf(row.details.categories),
    note: row.details.note ?? null,
    answer: row.answer,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    completedAt: row.completedAt,
    deadline: services.dataRequests.flag(row, now),
    downloadableUntil,
    liftedAt: row.liftedAt,
    restricting: isRestricting(row),
  };
}

export function toSupportRequest(row: SupportGrantRow, now = new Date()): SupportRequest {
  return { ...row, categories: categoriesOf(row.categories), active: row.revokedAt === null && row.expiresAt > now };
}

export function toBreachNotice(row: BreachRow & { readAt?: Date | null }): BreachNotice {
  return { ...row, categories: categoriesOf(row.categories), notifiedAt: row.notifiedAt ?? row.createdAt, readAt: row.readAt ?? null };
}

@Resolver(() => Person)
export class PersonRightsResolver {
  @FieldResolver(() => [DataRequest], { nullable: true, description: 'Your requests about your data, newest first.' })
  @OwnerOnly()
  async dataRequests(@Root() person: Person, @Ctx() { services }: RightsContext): Promise<DataRequest[]> {
    const [rows, ready] = await Promise.all([services.dataRequests.list(person.accountId), services.dataExports.readyFor(person.accountId)]);
    return rows.map((row) => toDataRequest(row, services, ready.get(row.id) ?? null));
  }

  @FieldResolver(() => DataExportFile, { nullable: true, description: 'A prepared copy (export or transfer request), while it is downloadable.' })
  @OwnerOnly()
  dataExport(@Root() person: Person, @Arg('requestId', () => ID) requestId: string, @Ctx() { services }: RightsContext): Promise<DataExportFile | null> {
    return services.dataExports.download(person.accountId, uuidArgument(requestId, 'requestId'));
  }

  @FieldResolver(() => [SupportRequest], { nullable: true, description: 'What you let support see, newest first.' })
  @OwnerOnly()
  async supportRequests(@Root() person: Person, @Ctx() { services }: RightsContext): Promise<SupportRequest[]> {
    return (await services.support.list(person.accountId)).map((row) => toSupportRequest(row));
  }

  @FieldResolver(() => [BreachNotice], { nullable: true, description: 'Security incidents that affected your data.' })
  @OwnerOnly()
  async breachNotices(@Root() person: Person, @Ctx() { services }: RightsContext): Promise<BreachNotice[]> {
    return (await services.breaches.forPerson(person.accountId)).map(toBreachNotice);
  }

  @FieldResolver(() => [Disclosure], { nullable: true, description: 'Your data given to authorities (after any legal deferral has ended).' })
  @OwnerOnly()
  async disclosures(@Root() person: Person, @Ctx() { services }: RightsContext): Promise<Disclosure[]> {
    return (await services.disclosures.visibleTo(person.accountId)).map((row) => ({ ...row, categories: categoriesOf(row.categories) }));
  }
}

@Resolver()
export class RightsResolver {
  @Mutation(() => DataRequest, { description: 'File a request about your data; it is answered within the deadline it shows.' })
  @Allow('person')
  async fileDataRequest(@Arg('input', () => DataRequestInput) input: DataRequestInput, @PersonId() accountId: string, @Ctx() { services }: RightsContext): Promise<DataRequest> {
    if (input.kind === 'CLOSURE') throw appError('BAD_USER_INPUT', 'Close the account with closeAccount', { field: 'input.kind' });
    const row = await services.dataRequests.file(accountId, input.kind, input);
    return toDataRequest(row, services, null);
  }

  @Mutation(() => DataRequest, { description: 'Lift a restriction of yours: partners may again read what you consent to, from now.' })
  @Allow('person')
  async liftRestriction(@Arg('id', () => ID) id: string, @PersonId() accountId: string, @Ctx() { services }: RightsContext): Promise<DataRequest> {
    const row = await services.dataRequests.liftRestriction(accountId, uuidArgument(id, 'id'));
    return toDataRequest(row, services, null);
  }

  @Mutation(() => DataRequest, {
    description: 'Close the account: signs out everywhere and ends every partner grant now; your data is erased by a job within the stated period.',
  })
  @Allow('person')
  async closeAccount(
    @Arg('password', () => String) password: string,
    @PersonId() accountId: string,
    @Ctx() { services, reply, caller }: RightsContext,
  ): Promise<DataRequest> {
    const requestId = await services.closure.close(accountId, password, caller);
    // Nothing of a closed account stays in this browser: cache, cookies and site storage go.
    services.sessions.clearCookie(reply, { storage: true });
    const row = await services.dataRequests.byId(requestId);
    return toDataRequest(row!, services, null);
  }

  @Mutation(() => OpenedSupportRequest, { description: 'Let support see the categories you choose, for the hours you choose.' })
  @Allow('person')
  async openSupportRequest(@Arg('input', () => SupportRequestInput) input: SupportRequestInput, @PersonId() accountId: string, @Ctx() { services }: RightsContext): Promise<OpenedSupportRequest> {
    const { grant, reference } = await services.support.open(accountId, input);
    return { request: toSupportRequest(grant), reference };
  }

  @Mutation(() => Boolean, { description: 'End a support request now.' })
  @Allow('person')
  revokeSupportRequest(@Arg('id', () => ID) id: string, @PersonId() accountId: string, @Ctx() { services }: RightsContext): Promise<boolean> {
    return services.support.revoke(accountId, uuidArgument(id, 'id'));
  }

  @Mutation(() => Boolean)
  @Allow('person')
  markBreachNoticeRead(@Arg('id', () => ID) id: string, @PersonId() accountId: string, @Ctx() { services }: RightsContext): Promise<boolean> {
    return services.breaches.markRead(accountId, uuidArgument(id, 'id'));
  }
}
