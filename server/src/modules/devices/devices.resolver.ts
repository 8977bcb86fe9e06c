import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Category } from '../../authz/field-tags.js';
import { Allow, PersonId } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { appError } from '../../lib/errors.js';
import { Person } from '../person/index.js';
import type { CollectionService } from './collection.service.js';
import { toInstallation, type DevicesData, type DevicesLoaders } from './devices.data.js';
import {
  ActivityItem,
  AppInstallation,
  Device,
  DeviceEventInput,
  DeviceInput,
  InstallationEvent,
  InstallationInput,
  LocationInput,
  LocationSample,
  type DeviceEvent,
  type SearchLogEntry,
} from './devices.types.js';

export type DevicesServices = { devices: DevicesData; collection: CollectionService };
type DevicesContext = RequestContext<DevicesServices, DevicesLoaders>;

const MAX_LIST = 500;

function checkLimit(name: string, value: number): void {
  if (value < 1 || value > MAX_LIST) throw appError('BAD_USER_INPUT', `${name} must be between 1 and ${MAX_LIST}`);
}

@Resolver(() => Person)
export class PersonDevicesResolver {
  @FieldResolver(() => [Device], { nullable: true })
  @Category('device.info')
  async devices(@Root() person: Person, @Ctx() { services }: DevicesContext): Promise<Device[]> {
    return services.devices.devices(person.accountId);
  }

  @FieldResolver(() => [AppInstallation], { nullable: true })
  @Category('app.instance')
  async installations(@Root() person: Person, @Ctx() { services }: DevicesContext): Promise<AppInstallation[]> {
    return services.devices.installations(person.accountId);
  }

  @FieldResolver(() => [ActivityItem], { nullable: true })
  @Category('device.logs')
  async activity(
    @Root() person: Person,
    @Ctx() { services }: DevicesContext,
    @Arg('last', () => Int, { defaultValue: 50 }) last: number,
  ): Promise<Array<DeviceEvent | SearchLogEntry>> {
    checkLimit('last', last);
    return services.devices.activity(person.accountId, last);
  }

  @FieldResolver(() => [LocationSample], { nullable: true })
  @Category('location')
  async locationSamples(
    @Root() person: Person,
    @Ctx() { services }: DevicesContext,
    @Arg('last', () => Int, { defaultValue: 50 }) last: number,
  ): Promise<LocationSample[]> {
    checkLimit('last', last);
    return services.devices.locationSamples(person.accountId, last);
  }
}

@Resolver(() => Device)
export class DeviceResolver {
  @FieldResolver(() => [AppInstallation], { nullable: true })
  @Category('app.instance')
  async installations(@Root() device: Device, @Ctx() { loaders }: DevicesContext): Promise<AppInstallation[]> {
    return (await loaders.installationsByDevice.load(device.rowId)).map(toInstallation);
  }
}

@Resolver(() => AppInstallation)
export class AppInstallationResolver {
  @FieldResolver(() => [InstallationEvent], { nullable: true })
  @Category('app.instance')
  async events(@Root() installation: AppInstallation, @Ctx() { loaders }: DevicesContext): Promise<InstallationEvent[]> {
    return loaders.eventsByInstallation.load(installation.rowId);
  }
}

/** Collection endpoints: without a current grant they refuse (the guard) and store nothing. */
@Resolver()
export class CollectionResolver {
  @Mutation(() => Boolean, { description: 'Report this device. Requires consent for device.info.' })
  @Allow('person', { consent: 'device.info' })
  async reportDevice(@Arg('input', () => DeviceInput) input: DeviceInput, @PersonId() accountId: string, @Ctx() { services }: DevicesContext): Promise<boolean> {
    await services.collection.recordDevice(accountId, input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Report an install, update or uninstall. Requires consent for app.instance.' })
  @Allow('person', { consent: 'app.instance' })
  async reportInstallation(@Arg('input', () => InstallationInput) input: InstallationInput, @PersonId() accountId: string, @Ctx() { services }: DevicesContext): Promise<boolean> {
    await services.collection.recordInstallation(accountId, input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Report a crash, activity, settings change or request time. Requires consent for device.logs.' })
  @Allow('person', { consent: 'device.logs' })
  async reportDeviceEvent(@Arg('input', () => DeviceEventInput) input: DeviceEventInput, @PersonId() accountId: string, @Ctx() { services }: DevicesContext): Promise<boolean> {
    await services.collection.recordDeviceEvent(accountId, input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Record a search. Requires consent for device.logs.' })
  @Allow('person', { consent: 'device.logs' })
  async reportSearch(@Arg('query', () => String) query: string, @PersonId() accountId: string, @Ctx() { services }: DevicesContext): Promise<boolean> {
    await services.collection.recordSearch(accountId, query);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Record a location sample. Requires consent for location.' })
  @Allow('person', { consent: 'location' })
  async reportLocation(@Arg('input', () => LocationInput) input: LocationInput, @PersonId() accountId: string, @Ctx() { services }: DevicesContext): Promise<boolean> {
    await services.collection.recordLocation(accountId, input);
    return true;
  }
}
