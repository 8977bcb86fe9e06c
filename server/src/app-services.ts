// The services the composition root (index.ts) builds once and hands to every request.
import type { AccessDecisionCache } from './authz/access-decision.js';
import type { NoticeRegistry } from './authz/notice-registry.js';
import type { Config } from './config/config.js';
import type { FieldCrypto } from './config/field-crypto.js';
import type { Secrets } from './config/secrets.js';
import type { Database } from './db/database.js';
import type { AccountService } from './modules/accounts/accounts.service.js';
import type { AccessLogService } from './modules/audit/access-log.service.js';
import type { ConsentService } from './modules/consent/consent.service.js';
import type { NoticeService } from './modules/consent/notice.service.js';
import type { ProductNoticeService } from './modules/consent/product-notices.service.js';
import type { CollectionService } from './modules/devices/collection.service.js';
import type { CardLinkingService } from './modules/insurance/card-linking.service.js';
import type { PartnerTokenService } from './modules/partners/partner-tokens.service.js';
import type { SocialInsurancePlatform } from './platform/platform.js';

export type AppServices = {
  config: Config;
  db: Database;
  crypto: FieldCrypto;
  secrets: Secrets;
  notices: NoticeRegistry;
  decisions: AccessDecisionCache;
  platform: SocialInsurancePlatform;
  accounts: AccountService;
  consent: ConsentService;
  notice: NoticeService;
  cards: CardLinkingService;
  collection: CollectionService;
  accessLog: AccessLogService;
  partnerTokens: PartnerTokenService;
  productNotices: ProductNoticeService;
};
