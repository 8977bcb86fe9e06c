// The rights module: requests from people (export, transfer, correction, restriction, deletion,
// closing the account) with working-day deadlines, and the jobs behind them (copy preparation,
// erasure, retention); disclosures to authorities; support access only through the person;
// breach notices. Operators work all of it through the operators module's console.
import type { AccessRecorder } from '../../authz/access-record.js';
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import type { NoticeContent } from '../../authz/notice-registry.js';
import type { FieldCrypto } from '../../config/field-crypto.js';
import type { Database } from '../../db/database.js';
import type { JobRunner } from '../../db/jobs/job-runner.js';
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import type { WorkingDayCalendar } from '../../lib/working-days.js';
import type { OperatorAuditPort } from '../operators/index.js';
import { BreachService } from './breach.service.js';
import { ClosureService, type ClosurePorts } from './closure.service.js';
import { DISCLOSURE_RELEASE_JOB, DisclosureService } from './disclosures.service.js';
import { ExportService, type ExportPort } from './export.service.js';
import { DataRequestService } from './requests.service.js';
import { RETENTION_JOB, RetentionService } from './retention.service.js';
import { PersonRightsResolver, RightsResolver, type ErasurePort, type RightsServices } from './rights.resolver.js';
import { SupportService } from './support.service.js';
import { BreachResolver, DisclosureResolver, RequestQueueResolver, SupportViewResolver } from './rights-operator.resolver.js';

export type RightsDeps = {
  db: Database;
  crypto: FieldCrypto;
  jobs: JobRunner;
  calendar: WorkingDayCalendar;
  settings: { deadlineWorkingDays: number };
  notice: () => NoticeContent;
  /** Everything held about a person (the accounts module's export over every module). */
  exports: ExportPort;
  accessLog: AccessRecorder;
  closure: ClosurePorts;
  operatorAudit: OperatorAuditPort;
  erasure: ErasurePort;
  /** Batch sizes (tests make them small to cut jobs into many batches). */
  batchSize?: number;
};

/** How often the retention sweep and the disclosure release run. */
export const RETENTION_EVERY_MS = 6 * 3_600_000;
export const DISCLOSURE_RELEASE_EVERY_MS = 15 * 60_000;

export const rightsModule = defineModule({
  name: 'rights',
  resolvers: [PersonRightsResolver, RightsResolver],
  operatorResolvers: [RequestQueueResolver, SupportViewResolver, DisclosureResolver, BreachResolver],
  create: (deps: RightsDeps): ModuleInstance<RightsServices> => {
    const dataRequests = new DataRequestService(deps.db, deps.calendar, deps.settings, deps.jobs, deps.operatorAudit);
    const dataExports = new ExportService(deps.db, deps.crypto, deps.exports, deps.notice().controller.zh);
    const closure = new ClosureService(dataRequests, deps.jobs, deps.closure, deps.batchSize);
    const disclosures = new DisclosureService(deps.db, deps.accessLog, deps.operatorAudit);
    const support = new SupportService(deps.db, (v) => deps.crypto.lookupHash(v), deps.exports, deps.accessLog);
    const breaches = new BreachService(deps.db, deps.jobs, deps.operatorAudit, deps.batchSize);
    const retention = new RetentionService(deps.db, deps.notice, deps.batchSize);
    for (const handler of [dataExports.handler(), closure.handler(), disclosures.handler(), breaches.handler(), retention.handler()]) deps.jobs.register(handler);
    deps.jobs.every({ kind: RETENTION_JOB, everyMs: RETENTION_EVERY_MS }).every({ kind: DISCLOSURE_RELEASE_JOB, everyMs: DISCLOSURE_RELEASE_EVERY_MS });
    return {
      services: { dataRequests, dataExports, closure, disclosures, support, breaches, erasure: deps.erasure },
      exportData: async (accountId) => {
        const [requests, supportRequests, notices, shown] = await Promise.all([
          dataRequests.list(accountId),
          support.exportData(accountId),
          breaches.exportData(accountId),
          disclosures.exportData(accountId),
        ]);
        return {
          dataRequests: requests.map(({ accountId: _a, answeredBy: _o, ...rest }) => rest),
          ...supportRequests,
          ...notices,
          ...shown,
        };
      },
    };
  },
});

export type { RightsServices } from './rights.resolver.js';
export { toBreachNotice, toDataRequest, toSupportRequest } from './rights.resolver.js';
export { EXPORT_SECTIONS, RECORD_SECTIONS, toTransfer } from './export.service.js';
export { RETAINED_PROCESSING_RECORDS, personalTables, ERASURE_JOB } from './closure.service.js';
export { RETENTION_JOB, retentionDaysOf, PROCESSING_RECORDS_YEARS } from './retention.service.js';
export { BREACH_NOTIFY_JOB, BREACH_SMS_TEMPLATE, type BreachInput } from './breach.service.js';
export { DISCLOSURE_RELEASE_JOB, type DisclosureInput } from './disclosures.service.js';
export { EXPORT_JOB } from './requests.service.js';
export { maskValue } from './support.service.js';
