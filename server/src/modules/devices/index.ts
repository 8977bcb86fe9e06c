// The devices module: what the PWA reports about devices, installations, activity and location,
// each under its own consent, and deleted when that consent is withdrawn.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import type { Database } from '../../db/database.js';
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import { CollectionService, type CollectionDeps } from './collection.service.js';
import { DevicesData, type DevicesLoaders } from './devices.data.js';
import { AppInstallationResolver, CollectionResolver, DeviceResolver, PersonDevicesResolver, type DevicesServices } from './devices.resolver.js';

export const devicesModule = defineModule({
  name: 'devices',
  resolvers: [PersonDevicesResolver, DeviceResolver, AppInstallationResolver, CollectionResolver],
  create: (deps: { db: Database } & CollectionDeps): ModuleInstance<DevicesServices, DevicesLoaders> => {
    const devices = new DevicesData(deps.db);
    return {
      services: { devices, collection: new CollectionService(deps.db, deps) },
      loaders: () => devices.loaders(),
      nodes: [
        { type: 'Device', category: 'device.info', load: (subjectId, id) => devices.deviceById(subjectId, id) },
        { type: 'AppInstallation', category: 'app.instance', load: (subjectId, id) => devices.installationById(subjectId, id) },
      ],
      // Collected for the service only: a withdrawal of the service's consent deletes it.
      withdrawal: { purpose: 'SERVICE', erase: (tx, accountId, categories) => devices.erase(tx, accountId, categories) },
      exportData: (accountId) => devices.exportData(accountId),
    };
  },
});

export type { DevicesServices } from './devices.resolver.js';
export type { DevicesLoaders } from './devices.data.js';
