// The insurance module: the person's record from the national platform (identity, participation,
// contributions, balances, medical records) and linking the card that fetches it.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import type { Throttle } from '../../authz/throttle.js';
import type { Limits } from '../../config/config.js';
import type { FieldCrypto } from '../../config/field-crypto.js';
import type { Database } from '../../db/database.js';
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import type { SocialInsurancePlatform } from '../../platform/platform.js';
import { CardLinkingResolver, PersonCardResolver } from './card-linking.resolver.js';
import { CardLinkingService } from './card-linking.service.js';
import { InsuranceData, type InsuranceLoaders } from './insurance.data.js';
import { InsuranceResolver, type InsuranceServices } from './insurance.resolver.js';
import { Contribution, InpatientStay, OutpatientVisit, PharmacyPurchase } from './insurance.types.js';

const MEDICAL_CLASSES = { OUTPATIENT: OutpatientVisit, INPATIENT: InpatientStay, PHARMACY: PharmacyPurchase } as const;

export const insuranceModule = defineModule({
  name: 'insurance',
  resolvers: [InsuranceResolver, CardLinkingResolver, PersonCardResolver],
  create: (deps: {
    db: Database;
    crypto: FieldCrypto;
    platform: SocialInsurancePlatform;
    throttle: Throttle;
    limits: Limits['cardLinking'];
  }): ModuleInstance<InsuranceServices, InsuranceLoaders> => {
    const insurance = new InsuranceData(deps.db, deps.crypto);
    return {
      services: { insurance, cards: new CardLinkingService(deps.db, deps.crypto, deps.platform, deps.throttle, deps.limits) },
      loaders: () => insurance.loaders(),
      nodes: [
        {
          type: 'Contribution',
          category: 'insurance.contributions',
          load: async (subjectId, id) => {
            const contribution = await insurance.contributionById(subjectId, id);
            // The id is read, not copied: the read contribution encodes it on demand.
            return contribution && Object.assign(new Contribution(), contribution, { id: contribution.id });
          },
        },
        {
          type: 'MedicalRecord',
          category: 'medical.records',
          load: async (subjectId, id) => {
            const record = await insurance.medicalRecordById(subjectId, id);
            return record && Object.assign(new MEDICAL_CLASSES[record.kind](), record);
          },
        },
      ],
      exportData: (accountId) => insurance.exportData(accountId),
    };
  },
});

export type { InsuranceServices } from './insurance.resolver.js';
export type { InsuranceLoaders } from './insurance.data.js';
// The seeder loads synthetic people through the same writes as card linking.
export {
  BulkPeopleWriter,
  replaceInsuranceRecord,
  timeOrderedUuids,
  unnestParams,
  unnestStatement,
  unnestTarget,
  type BulkColumn,
  type BulkTarget,
  type BulkValue,
} from './insurance-writes.data.js';
