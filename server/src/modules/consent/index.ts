// The consent module: the privacy notice (content, rendering, publishing), the consent ledger
// (grants, withdrawals, signed receipts) and product notices to those who agreed to them.
// Decisions over the ledger live in authz/; this module writes it.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import { ConsentResolver, ConsentStateResolver, PersonConsentResolver, type ConsentServices } from './consent.resolver.js';
import { ConsentService, type ConsentDeps } from './consent.service.js';
import { NoticeService } from './notice.service.js';
import { ProductNoticeService } from './product-notices.service.js';

export const consentModule = defineModule({
  name: 'consent',
  resolvers: [ConsentResolver, ConsentStateResolver, PersonConsentResolver],
  create: (deps: ConsentDeps): ModuleInstance<ConsentServices> => {
    const consent = new ConsentService(deps);
    return {
      services: {
        consent,
        notice: new NoticeService(deps.db, deps.notices),
        productNotices: new ProductNoticeService(deps.db, deps.notices),
      },
      exportData: (accountId) => consent.exportData(accountId),
    };
  },
});

export type { ConsentServices } from './consent.resolver.js';
export type { ConsentService, PartnerGrantInput, PartnerGrantsPort, RegisteredPartner } from './consent.service.js';
export type { GrantConsentInput } from './consent.types.js';
export { NOTICE_V1 } from './notice.content.js';
