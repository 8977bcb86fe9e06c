// Operation guards: who may call a root Query/Mutation field (or any other field that carries one),
// declared next to its definition like the field tags, and enforced once, here, on the built
// schema. An operation without a guard stops the schema from being built: deny by default.
//
//   @Allow('anyone')                                  public operations
//   @Allow('person')                                  the signed-in person (partners never pass)
//   @Allow('person', { consent: 'device.info' })      ... holding a current grant for the category
//   @Allow('researcher')                              a researcher credential (aggregates)
//   @Allow('anyone', { developmentOnly: true })       refused in production
//   @Allow('operator')                                any signed-in operator (operator schema only)
//   @Allow('operator', { roles: ['PARTNER_MANAGER'] }) an operator holding one of these roles
//
// The gateway's schema may not carry an operator guard, and the operator schema carries nothing
// else (`auditOperationGuards(schema, audience)`): the two endpoints never share an operation.
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { createParameterDecorator, Extensions } from 'type-graphql';
import { isDataCategory, type DataCategory } from '@shebao/vocabulary';
import { assertNever } from '../lib/assert-never.js';
import { appError, type AppError } from '../lib/errors.js';
import { OPERATOR_ROLES, type OperatorRole, type Principal } from './principal.js';
import type { RequestAccess } from './request-access.js';

const GUARD_EXTENSION = 'guard';

/** Who may call. A new principal kind must be placed in `admits` before anything compiles. */
const CALLERS = ['anyone', 'person', 'researcher', 'operator'] as const;
export type Caller = (typeof CALLERS)[number];

export type GuardOptions = {
  /** The person must currently grant this category for the service (collection endpoints). */
  consent?: DataCategory;
  /** Refused in production, whoever asks. */
  developmentOnly?: true;
  /** For `operator`: any one of these roles admits (none given: any signed-in operator). */
  roles?: readonly OperatorRole[];
};

export type Guard = { caller: Caller } & GuardOptions;

/** The guard of an operation, next to its `@Query`/`@Mutation`/`@FieldResolver`. */
export const Allow = (caller: Caller, options: GuardOptions = {}) => Extensions({ [GUARD_EXTENSION]: { caller, ...options } satisfies Guard });

function guardOf(extensions: Readonly<Record<string, unknown>> | null | undefined): Guard | undefined {
  return extensions?.[GUARD_EXTENSION] as Guard | undefined;
}

/** How guards behave in this deployment; `production` comes from the configuration, decided once. */
export type GuardSettings = { production: boolean };

/** What a guard reads of the request context. */
export type GuardContext = { principal: Principal; access: RequestAccess };

function admits(caller: Caller, principal: Principal): boolean {
  if (caller === 'anyone') return true;
  switch (principal.kind) {
    case 'person':
      return caller === 'person';
    case 'researcher':
      return caller === 'researcher';
    case 'operator':
      return caller === 'operator';
    case 'partner':
    case 'anonymous':
      return false;
  }
  return assertNever(principal);
}

function refusal(caller: Exclude<Caller, 'anyone'>): AppError {
  switch (caller) {
    case 'person':
      return appError('UNAUTHENTICATED', 'Sign in to do this');
    case 'researcher':
      return appError('FORBIDDEN', 'Aggregate statistics are for researchers only', { reason: 'RESEARCHER_ONLY' });
    case 'operator':
      return appError('UNAUTHENTICATED', 'Sign in as an operator to do this');
  }
  return assertNever(caller);
}

async function requireConsent(access: RequestAccess, category: DataCategory): Promise<void> {
  const decision = await access.decide();
  if (!decision.allowed.has(category)) {
    throw appError('CONSENT_REQUIRED', `Consent for ${category} is required; nothing was stored`, { category });
  }
}

/** Throws the guard's refusal; a promise only when the check needs the request's decision. */
export function enforceGuard(guard: Guard, ctx: GuardContext, settings: GuardSettings): Promise<void> | undefined {
  if (guard.developmentOnly && settings.production) {
    throw appError('FORBIDDEN', 'Not available in production', { reason: 'DEVELOPMENT_ONLY' });
  }
  if (guard.caller !== 'anyone' && !admits(guard.caller, ctx.principal)) throw refusal(guard.caller);
  if (guard.roles && ctx.principal.kind === 'operator' && !guard.roles.some((role) => (ctx.principal as OperatorPrincipal).roles.includes(role))) {
    throw appError('FORBIDDEN', 'Your operator role does not include this operation', { reason: 'ROLE_REQUIRED' });
  }
  return guard.consent ? requireConsent(ctx.access, guard.consent) : undefined;
}

export type PersonPrincipal = Extract<Principal, { kind: 'person' }>;
export type OperatorPrincipal = Extract<Principal, { kind: 'operator' }>;

/** The signed-in operator, for operations behind `@Allow('operator', …)` (which has already refused anyone else). */
export function signedInOperator(principal: Principal): OperatorPrincipal {
  if (principal.kind !== 'operator') throw refusal('operator');
  return principal;
}

/** The signed-in person, for operations behind `@Allow('person')` (which has already refused anyone else). */
export function signedInPerson(principal: Principal): PersonPrincipal {
  if (principal.kind !== 'person') throw refusal('person');
  return principal;
}

/** Parameter decorator: `@PersonId() accountId: string` next to `@Allow('person')`. */
export const PersonId = () => createParameterDecorator<GuardContext>(({ context }) => signedInPerson(context.principal).accountId);

/** Whether a partner can ever call this root field (guard `anyone`, not development-only). */
export function partnerMayCall(extensions: Readonly<Record<string, unknown>> | null | undefined): boolean {
  const guard = guardOf(extensions);
  return guard !== undefined && admits(guard.caller, PARTNER_PROBE) && !guard.developmentOnly;
}
const PARTNER_PROBE: Principal = { kind: 'partner', partnerId: '', partnerName: '', tokenId: '', accountId: '', scopes: [], registeredCategories: [], consentVersion: 0 };

/** Which endpoint a schema is for: the gateway (`/graphql`) or the operator console's (`/operator/graphql`). */
export type SchemaAudience = 'gateway' | 'operator';

/** Problems with the operation guards of a schema: a root field without one, or a malformed one. */
export function auditOperationGuards(schema: GraphQLSchema, audience: SchemaAudience = 'gateway'): string[] {
  const problems: string[] = [];
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t != null));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const where = `${type.name}.${field.name}`;
      const guard = guardOf(field.extensions);
      if (!guard) {
        if (roots.has(type)) problems.push(`${where}: no guard`);
        continue;
      }
      if (!(CALLERS as readonly string[]).includes(guard.caller)) problems.push(`${where}: unknown caller ${String(guard.caller)}`);
      if (guard.consent !== undefined && !isDataCategory(guard.consent)) problems.push(`${where}: unknown category ${String(guard.consent)}`);
      if (guard.consent !== undefined && guard.caller !== 'person') problems.push(`${where}: a consent guard is for the person`);
      if (guard.roles !== undefined && (guard.caller !== 'operator' || guard.roles.length === 0)) problems.push(`${where}: roles are for operator guards, at least one`);
      if (guard.roles?.some((role) => !(OPERATOR_ROLES as readonly string[]).includes(role))) problems.push(`${where}: unknown operator role`);
      if (audience === 'gateway' && guard.caller === 'operator') problems.push(`${where}: operator operations belong on the operator schema`);
      if (audience === 'operator' && guard.caller !== 'operator' && guard.caller !== 'anyone') problems.push(`${where}: the operator schema serves operators only`);
    }
  }
  return problems;
}

/** Wraps every guarded field's resolver with its guard; refuses a schema with an unguarded operation. */
export function applyOperationGuards(schema: GraphQLSchema, settings: GuardSettings, audience: SchemaAudience = 'gateway'): GraphQLSchema {
  const problems = auditOperationGuards(schema, audience);
  if (problems.length > 0) throw new Error(`Operation guards (deny by default):\n  ${problems.join('\n  ')}`);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const guard = guardOf(field.extensions);
      if (!guard) continue;
      const resolve: GraphQLFieldResolver<unknown, GuardContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const pending = enforceGuard(guard, context, settings);
        return pending ? pending.then(() => resolve(source, args, context, info)) : resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
