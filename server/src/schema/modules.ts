// The module list: every domain module's face, in the order their fields appear in the data
// export. The schema is assembled from these resolvers; the gateway's services, loaders and
// request context are the union of what the modules declare.
import type { RequestContext } from '../graphql/context.js';
import type { DomainModule } from '../graphql/module.js';
import { accountsModule } from '../modules/accounts/index.js';
import { auditModule } from '../modules/audit/index.js';
import { consentModule } from '../modules/consent/index.js';
import { devicesModule } from '../modules/devices/index.js';
import { insuranceModule } from '../modules/insurance/index.js';
import { operatorsModule } from '../modules/operators/index.js';
import { partnersModule } from '../modules/partners/index.js';
import { personModule } from '../modules/person/index.js';
import { researchModule } from '../modules/research/index.js';
import { rightsModule } from '../modules/rights/index.js';

export const MODULES = [personModule, accountsModule, insuranceModule, devicesModule, consentModule, auditModule, partnersModule, researchModule, operatorsModule, rightsModule] as const satisfies readonly DomainModule[];

type Module = (typeof MODULES)[number];
type InstanceOf<M extends Module> = ReturnType<M['create']>;
/** One created instance per module, by name: leaving a module out does not compile. */
export type ModuleInstances = { [M in Module as M['name']]: InstanceOf<M> };

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type LoadersOf<I> = I extends { loaders: () => infer L } ? L : I extends { loaders?: () => infer L } ? L : never;

export type AppServices = UnionToIntersection<InstanceOf<Module>['services']>;
export type AppLoaders = UnionToIntersection<LoadersOf<InstanceOf<Module>>>;
export type AppContext = RequestContext<AppServices, AppLoaders>;

export const MODULE_RESOLVERS = MODULES.flatMap((m) => m.resolvers);
/** The operator console's operations (`/operator/graphql`), from every module that has some. */
export const OPERATOR_RESOLVERS = MODULES.flatMap((m): readonly DomainModule['resolvers'][number][] => ('operatorResolvers' in m ? (m.operatorResolvers ?? []) : []));

/** The services of every module, one object: what the request context carries. */
export function servicesOf(modules: ModuleInstances): AppServices {
  return Object.assign({}, ...Object.values(modules).map((m) => m.services)) as AppServices;
}

/** Fresh per-request loaders of every module that has some. */
export function loadersOf(modules: ModuleInstances): () => AppLoaders {
  const factories = Object.values(modules).flatMap((m) => (m.loaders ? [m.loaders] : []));
  return () => Object.assign({}, ...factories.map((create) => create())) as AppLoaders;
}
