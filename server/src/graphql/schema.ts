// The GraphQL schema: type-graphql resolvers from every domain module, then the authorization
// layer. The gateway never serves a schema without it.
import 'reflect-metadata';
import { isObjectType, isInterfaceType, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DATA_CATEGORIES } from '@shebao/vocabulary';
import { applyFieldAuthorization } from '../authz/field-authorization.js';
import { fieldAccessOf } from '../authz/field-tags.js';
import { AccountResolver, PersonAccountResolver } from '../modules/accounts/accounts.resolver.js';
import { PersonAccessLogResolver } from '../modules/audit/access-log.resolver.js';
import { ConsentResolver, ConsentStateResolver, PersonConsentResolver } from '../modules/consent/consent.resolver.js';
import { AppInstallationResolver, CollectionResolver, DeviceResolver, PersonDevicesResolver } from '../modules/devices/devices.resolver.js';
import { CardLinkingResolver } from '../modules/insurance/card-linking.resolver.js';
import { InsuranceResolver } from '../modules/insurance/insurance.resolver.js';
import { PartnersResolver } from '../modules/partners/partners.resolver.js';
import { PersonResolver } from '../modules/person/person.resolver.js';
import { ResearchResolver } from '../modules/research/research.resolver.js';
import './enums.js';

const RESOLVERS = [
  PersonResolver,
  AccountResolver,
  PersonAccountResolver,
  InsuranceResolver,
  CardLinkingResolver,
  PersonDevicesResolver,
  DeviceResolver,
  AppInstallationResolver,
  CollectionResolver,
  ConsentResolver,
  ConsentStateResolver,
  PersonConsentResolver,
  PersonAccessLogResolver,
  PartnersResolver,
  ResearchResolver,
] as const;

/** The domain schema without authorization: for the benchmark's baseline and the printed SDL only. */
export async function buildDomainSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false });
  return documentFieldCategories(schema);
}

/** The schema the gateway serves: every tagged field goes through the request's decision. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  return applyFieldAuthorization(await buildDomainSchema());
}

/** Schema docs say which consent each field needs, generated from the same tags that are enforced. */
function documentFieldCategories(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const access = fieldAccessOf(field.extensions);
      if (!access || 'structural' in access) continue;
      const note =
        'category' in access
          ? `Data category \`${access.category}\`${DATA_CATEGORIES[access.category].sensitive ? ' (sensitive: separate consent)' : ''}: the person's consent for the service, or for a partner the token scope plus the person's grant.`
          : 'Only the person themself.';
      field.description = field.description ? `${field.description}\n\n${note}` : note;
    }
  }
  return schema;
}
