import { and, eq } from 'drizzle-orm';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { subjectOf } from '../../authz/principal.js';
import type { Executor } from '../../db/database.js';
import { appInstallations, contributions, devices, medicalRecords } from '../../db/schema.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { fromGlobalId, Node, toGlobalId } from '../../graphql/node.js';
import { toDevice, toInstallation } from '../devices/devices.resolver.js';
import { AppInstallation, Device } from '../devices/devices.types.js';
import { listContributionById, toMedicalRecord } from '../insurance/insurance.data.js';
import { Contribution, InpatientStay, OutpatientVisit, PharmacyPurchase } from '../insurance/insurance.types.js';
import { Person } from './person.types.js';

export function personFor(accountId: string): Person {
  return Object.assign(new Person(), { id: toGlobalId('Person', accountId), accountId });
}

const MEDICAL_CLASSES = { OUTPATIENT: OutpatientVisit, INPATIENT: InpatientStay, PHARMACY: PharmacyPurchase } as const;

/** How `node(id)` finds each type: always scoped by the subject, and gated by the type's category. */
const NODE_LOADERS: Record<string, { category: DataCategory | null; load: (db: Executor, subjectId: string, id: string) => Promise<Node | null> }> = {
  Person: { category: null, load: async (_db, subjectId, id) => (id === subjectId ? personFor(subjectId) : null) },
  Contribution: {
    category: 'insurance.contributions',
    load: async (db, subjectId, id) => {
      const row = await listContributionById(db, subjectId, id);
      return row && Object.assign(new Contribution(), row);
    },
  },
  MedicalRecord: {
    category: 'medical.records',
    load: async (db, subjectId, id) => {
      const [row] = await db.select().from(medicalRecords).where(and(eq(medicalRecords.id, id), eq(medicalRecords.accountId, subjectId)));
      return row ? Object.assign(new MEDICAL_CLASSES[row.kind](), toMedicalRecord(row)) : null;
    },
  },
  Device: {
    category: 'device.info',
    load: async (db, subjectId, id) => {
      const [row] = await db.select().from(devices).where(and(eq(devices.id, id), eq(devices.accountId, subjectId)));
      return row ? Object.assign(new Device(), toDevice(row)) : null;
    },
  },
  AppInstallation: {
    category: 'app.instance',
    load: async (db, subjectId, id) => {
      const [row] = await db.select().from(appInstallations).where(and(eq(appInstallations.id, id), eq(appInstallations.accountId, subjectId)));
      return row ? Object.assign(new AppInstallation(), toInstallation(row)) : null;
    },
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Resolver()
export class PersonResolver {
  @Query(() => Person, {
    nullable: true,
    description: 'The person the credential speaks for; null when not signed in. There is no way to name another person.',
  })
  async me(@Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Person | null> {
    const subjectId = subjectOf(ctx.principal);
    if (subjectId) return personFor(subjectId);
    // Researchers read aggregates only; anonymous callers have no subject. Either way: a reasoned null.
    ctx.access.recordDenial(info, null, ctx.principal.kind === 'researcher' ? 'AGGREGATE_ONLY' : 'UNAUTHENTICATED');
    return null;
  }

  @Query(() => Node, { nullable: true, description: "One of the subject's own objects by global id; anyone else's id gives null." })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Node | null> {
    const subjectId = subjectOf(ctx.principal);
    const ref = fromGlobalId(id);
    const loader = ref && NODE_LOADERS[ref.type];
    if (!subjectId || !ref || !loader) return null;
    // The category is checked before the id is even looked at, so the answer cannot tell whether it exists.
    if (loader.category) {
      await ctx.access.decide();
      if (!ctx.access.permitsCategory(loader.category, info)) return null;
    }
    return UUID.test(ref.id) ? loader.load(ctx.services.db, subjectId, ref.id) : null;
  }
}
