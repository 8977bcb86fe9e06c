// The audit module: the person's access log — append-only, hash-chained records of every read of
// their data by anyone but themself — and the page that shows it to them.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import type { Database } from '../../db/database.js';
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import { PersonAccessLogResolver, type AuditServices } from './access-log.resolver.js';
import { AccessLogService } from './access-log.service.js';

export const auditModule = defineModule({
  name: 'audit',
  resolvers: [PersonAccessLogResolver],
  create: (deps: { db: Database }): ModuleInstance<AuditServices> => {
    const accessLog = new AccessLogService(deps.db);
    return { services: { accessLog }, exportData: (accountId) => accessLog.exportData(accountId) };
  },
});

export type { AuditServices } from './access-log.resolver.js';
export { AccessLogService } from './access-log.service.js';
