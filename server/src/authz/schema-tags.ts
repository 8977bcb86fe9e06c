// Deny by default, checked on the built schema: every field of a personal type carries exactly
// one access tag, and every field that can be denied is nullable so a denial never wipes its parent.
import { isInterfaceType, isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import { isDataCategory } from '@shebao/vocabulary';
import { fieldAccessOf, PERSONAL_TYPE_EXTENSION } from './field-tags.js';

export function auditSchemaTags(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || !type.extensions?.[PERSONAL_TYPE_EXTENSION]) continue;
    for (const field of Object.values(type.getFields())) {
      const where = `${type.name}.${field.name}`;
      const access = fieldAccessOf(field.extensions);
      if (!access) {
        problems.push(`${where}: no access tag`);
        continue;
      }
      const kinds = ['category', 'ownerOnly', 'structural'].filter((k) => k in access);
      if (kinds.length !== 1) problems.push(`${where}: needs exactly one of category/ownerOnly/structural, has ${kinds.join('+') || 'none'}`);
      if ('category' in access && !isDataCategory(access.category)) problems.push(`${where}: unknown category ${String(access.category)}`);
      if (!('structural' in access) && isNonNullType(field.type)) problems.push(`${where}: can be denied, so it must be nullable`);
    }
  }
  return problems;
}

