// The consent module: the privacy notice (content, rendering, publishing), the consent ledger
// (grants, withdrawals, signed receipts) and product notices to those who agreed to them.
// Decisions over the ledger live in authz/; this module writes it.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import type { OperatorAuditPort } from '../operators/index.js';
import { ConsentResolver, ConsentStateResolver, PersonConsentResolver, type ConsentServices } from './consent.resolver.js';
import { ConsentService, type ConsentDeps } from './consent.service.js';
import { NoticeDraftResolver } from './notice-drafts.resolver.js';
import { NoticeDraftService } from './notice-drafts.service.js';
import { NoticeService } from './notice.service.js';
import { ProductNoticeService } from './product-notices.service.js';

export const consentModule = defineModule({
  name: 'consent',
  resolvers: [ConsentResolver, ConsentStateResolver, PersonConsentResolver],
  operatorResolvers: [NoticeDraftResolver],
  create: (deps: ConsentDeps & { operatorAudit: OperatorAuditPort }): ModuleInstance<ConsentServices> => {
    const consent = new ConsentService(deps);
    const notice = new NoticeService(deps.db, deps.notices);
    return {
      services: {
        consent,
        notice,
        noticeDrafts: new NoticeDraftService(deps.db, deps.notices, notice, deps.operatorAudit),
        productNotices: new ProductNoticeService(deps.db, deps.notices),
      },
      exportData: (accountId) => consent.exportData(accountId),
    };
  },
});

export type { ConsentServices } from './consent.resolver.js';
export type { ConsentService, PartnerGrantInput, PartnerGrantsPort, RegisteredPartner } from './consent.service.js';
export { NOTICE_V1 } from './notice.content.js';
