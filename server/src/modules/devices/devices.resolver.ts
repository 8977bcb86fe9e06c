import { desc, eq } from 'drizzle-orm';
import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Category } from '../../authz/field-tags.js';
import { requireGrantedToPerson } from '../../authz/request-access.js';
import { appInstallations, deviceEvents, devices, locationSamples, searchLogs } from '../../db/schema.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { toGlobalId } from '../../graphql/node.js';
import { appError } from '../../lib/errors.js';
import { Person } from '../person/person.types.js';
import {
  ActivityItem,
  AppInstallation,
  Device,
  DeviceEvent,
  DeviceEventInput,
  DeviceInput,
  InstallationEvent,
  InstallationInput,
  LocationInput,
  LocationSample,
  SearchLogEntry,
} from './devices.types.js';

const MAX_LIST = 500;

function checkLimit(name: string, value: number): void {
  if (value < 1 || value > MAX_LIST) throw appError('BAD_USER_INPUT', `${name} must be between 1 and ${MAX_LIST}`);
}

export function toDevice(row: typeof devices.$inferSelect): Device {
  return { ...row, rowId: row.id, id: toGlobalId('Device', row.id) };
}

export function toInstallation(row: typeof appInstallations.$inferSelect): AppInstallation {
  return { ...row, rowId: row.id, id: toGlobalId('AppInstallation', row.id) };
}

@Resolver(() => Person)
export class PersonDevicesResolver {
  @FieldResolver(() => [Device], { nullable: true })
  @Category('device.info')
  async devices(@Root() person: Person, @Ctx() { services }: GraphQLContext): Promise<Device[]> {
    const rows = await services.db.select().from(devices).where(eq(devices.accountId, person.accountId)).orderBy(desc(devices.lastSeenAt));
    return rows.map(toDevice);
  }

  @FieldResolver(() => [AppInstallation], { nullable: true })
  @Category('app.instance')
  async installations(@Root() person: Person, @Ctx() { services }: GraphQLContext): Promise<AppInstallation[]> {
    const rows = await services.db
      .select()
      .from(appInstallations)
      .where(eq(appInstallations.accountId, person.accountId))
      .orderBy(desc(appInstallations.installedAt));
    return rows.map(toInstallation);
  }

  @FieldResolver(() => [ActivityItem], { nullable: true })
  @Category('device.logs')
  async activity(
    @Root() person: Person,
    @Ctx() { services }: GraphQLContext,
    @Arg('last', () => Int, { defaultValue: 50 }) last: number,
  ): Promise<Array<DeviceEvent | SearchLogEntry>> {
    checkLimit('last', last);
    const [events, searches] = await Promise.all([
      services.db.select().from(deviceEvents).where(eq(deviceEvents.accountId, person.accountId)).orderBy(desc(deviceEvents.at)).limit(last),
      services.db.select().from(searchLogs).where(eq(searchLogs.accountId, person.accountId)).orderBy(desc(searchLogs.at)).limit(last),
    ]);
    const items: Array<DeviceEvent | SearchLogEntry> = [
      ...events.map((e) => Object.assign(new DeviceEvent(), { kind: e.kind, detail: e.detail, at: e.at })),
      ...searches.map((s) => Object.assign(new SearchLogEntry(), { query: s.query, at: s.at })),
    ];
    return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, last);
  }

  @FieldResolver(() => [LocationSample], { nullable: true })
  @Category('location')
  async locationSamples(
    @Root() person: Person,
    @Ctx() { services }: GraphQLContext,
    @Arg('last', () => Int, { defaultValue: 50 }) last: number,
  ): Promise<LocationSample[]> {
    checkLimit('last', last);
    return services.db
      .select()
      .from(locationSamples)
      .where(eq(locationSamples.accountId, person.accountId))
      .orderBy(desc(locationSamples.at))
      .limit(last);
  }
}

@Resolver(() => Device)
export class DeviceResolver {
  @FieldResolver(() => [AppInstallation], { nullable: true })
  @Category('app.instance')
  async installations(@Root() device: Device, @Ctx() { loaders }: GraphQLContext): Promise<AppInstallation[]> {
    return (await loaders.installationsByDevice.load(device.rowId)).map(toInstallation);
  }
}

@Resolver(() => AppInstallation)
export class AppInstallationResolver {
  @FieldResolver(() => [InstallationEvent], { nullable: true })
  @Category('app.instance')
  async events(@Root() installation: AppInstallation, @Ctx() { loaders }: GraphQLContext): Promise<InstallationEvent[]> {
    return loaders.eventsByInstallation.load(installation.rowId);
  }
}

/** Collection endpoints: without a current grant they refuse and store nothing. */
@Resolver()
export class CollectionResolver {
  @Mutation(() => Boolean, { description: 'Report this device. Requires consent for device.info.' })
  async reportDevice(@Arg('input', () => DeviceInput) input: DeviceInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const accountId = await requireGrantedToPerson(ctx.access, 'device.info');
    await ctx.services.collection.recordDevice(accountId, input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Report an install, update or uninstall. Requires consent for app.instance.' })
  async reportInstallation(@Arg('input', () => InstallationInput) input: InstallationInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const accountId = await requireGrantedToPerson(ctx.access, 'app.instance');
    await ctx.services.collection.recordInstallation(accountId, input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Report a crash, activity, settings change or request time. Requires consent for device.logs.' })
  async reportDeviceEvent(@Arg('input', () => DeviceEventInput) input: DeviceEventInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const accountId = await requireGrantedToPerson(ctx.access, 'device.logs');
    await ctx.services.collection.recordDeviceEvent(accountId, input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Record a search. Requires consent for device.logs.' })
  async reportSearch(@Arg('query', () => String) query: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const accountId = await requireGrantedToPerson(ctx.access, 'device.logs');
    await ctx.services.collection.recordSearch(accountId, query);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Record a location sample. Requires consent for location.' })
  async reportLocation(@Arg('input', () => LocationInput) input: LocationInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const accountId = await requireGrantedToPerson(ctx.access, 'location');
    await ctx.services.collection.recordLocation(accountId, input);
    return true;
  }
}
