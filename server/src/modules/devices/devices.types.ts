import { Field, Float, InputType, ObjectType, createUnionType } from 'type-graphql';
import { Category, PersonalType } from '../../authz/field-tags.js';
import { DeviceEventKind, InstallationEventKind, LocationSource } from '../../graphql/enums.js';
import { Node } from '../../graphql/node.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

@ObjectType({ description: 'An installation event of the app.' })
@PersonalType()
export class InstallationEvent {
  @Field(() => InstallationEventKind, { nullable: true })
  @Category('app.instance')
  kind!: InstallationEventKind;

  @Field(() => String, { nullable: true })
  @Category('app.instance')
  appVersion!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  @Category('app.instance')
  at!: Date;
}

@ObjectType({ implements: Node, description: 'One installation of the app, identified by its installation number.' })
@PersonalType()
export class AppInstallation extends Node {
  /** Internal: for the events loader. */
  rowId!: string;

  @Field(() => String, { nullable: true })
  @Category('app.instance')
  installationNumber!: string;

  @Field(() => String, { nullable: true })
  @Category('app.instance')
  appVersion!: string;

  @Field(() => String, { nullable: true })
  @Category('app.instance')
  osType!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  @Category('app.instance')
  installedAt!: Date;
}

@ObjectType({ implements: Node, description: 'A device the person used.' })
@PersonalType()
export class Device extends Node {
  /** Internal: for the installations loader. */
  rowId!: string;

  @Field(() => String, { nullable: true })
  @Category('device.info')
  model!: string;

  @Field(() => String, { nullable: true })
  @Category('device.info')
  osVersion!: string;

  @Field(() => String, { nullable: true })
  @Category('device.info')
  deviceIdentifier!: string;

  @Field(() => String, { nullable: true })
  @Category('device.info')
  network!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Category('device.info')
  firstSeenAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  @Category('device.info')
  lastSeenAt!: Date;
}

@ObjectType({ description: 'A device event: crash, activity, settings change or request time.' })
@PersonalType()
export class DeviceEvent {
  @Field(() => DeviceEventKind, { nullable: true })
  @Category('device.logs')
  kind!: DeviceEventKind;

  @Field(() => String, { nullable: true })
  @Category('device.logs')
  detail!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Category('device.logs')
  at!: Date;
}

@ObjectType({ description: 'A search the person made in the app.' })
@PersonalType()
export class SearchLogEntry {
  @Field(() => String, { nullable: true })
  @Category('device.logs')
  query!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  @Category('device.logs')
  at!: Date;
}

export const ActivityItem = createUnionType({
  name: 'ActivityItem',
  description: 'Device events and searches, newest first.',
  types: () => [DeviceEvent, SearchLogEntry] as const,
  resolveType: (value) => ('query' in value ? SearchLogEntry : DeviceEvent),
});

@ObjectType({ description: 'A location sample (GPS, Wi-Fi or cell).' })
@PersonalType()
export class LocationSample {
  @Field(() => LocationSource, { nullable: true })
  @Category('location')
  source!: LocationSource;

  @Field(() => Float, { nullable: true })
  @Category('location')
  latitude!: number;

  @Field(() => Float, { nullable: true })
  @Category('location')
  longitude!: number;

  @Field(() => Float, { nullable: true })
  @Category('location')
  accuracyMeters!: number | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Category('location')
  at!: Date;
}

@InputType()
export class DeviceInput {
  @Field(() => String)
  model!: string;

  @Field(() => String)
  osVersion!: string;

  @Field(() => String)
  deviceIdentifier!: string;

  @Field(() => String, { nullable: true })
  network?: string;
}

@InputType()
export class InstallationInput {
  @Field(() => String)
  installationNumber!: string;

  @Field(() => String)
  appVersion!: string;

  @Field(() => String)
  osType!: string;

  @Field(() => InstallationEventKind)
  event!: InstallationEventKind;
}

@InputType()
export class DeviceEventInput {
  @Field(() => DeviceEventKind)
  kind!: DeviceEventKind;

  @Field(() => String, { nullable: true })
  detail?: string;
}

@InputType()
export class LocationInput {
  @Field(() => LocationSource)
  source!: LocationSource;

  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;

  @Field(() => Float, { nullable: true })
  accuracyMeters?: number;
}
