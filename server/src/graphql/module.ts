// A domain module's face: what it offers the rest of the gateway. Each `modules/<name>/index.ts`
// exports one `DomainModule`; schema assembly (schema/modules.ts) lists them, the composition root
// creates them, and the cross-module mechanisms (`node()`, withdrawal, data export) read their
// declarations instead of keeping their own lists.
import type { ClassType } from 'type-graphql';
import type { DataCategory, Purpose } from '@shebao/vocabulary';
import type { Executor } from '../db/database.js';
import type { Node } from './node.js';

/** A resolver class, as type-graphql takes it. */
export type ResolverClass = ClassType;

/** One type `node(id)` can return. */
export type NodeSource = {
  /** The type name inside the global id (`toGlobalId(type, id)`). */
  type: string;
  /** Checked before the id is even looked at; null for an object that carries no data itself. */
  category: DataCategory | null;
  /** Scoped by the subject: another person's id gives null. */
  load(subjectId: string, id: string): Promise<Node | null>;
};

/** What a module deletes when the person withdraws consent for the purpose it collected the data for. */
export type Withdrawal = {
  purpose: Purpose;
  /** Runs inside the withdrawal's transaction; `categories` are the withdrawn ones. */
  erase(tx: Executor, accountId: string, categories: readonly DataCategory[]): Promise<void>;
};

/** A module's part of the person's copy of their data (PIPL Art. 45): top-level keys of the export. */
export type DataExport = (accountId: string) => Promise<Record<string, unknown>>;

/** Export rows without the key that only says whose they are. */
export function withoutAccountId<R extends { accountId: string }>(rows: readonly R[]): Omit<R, 'accountId'>[] {
  return rows.map(({ accountId: _accountId, ...rest }) => rest);
}

type Empty = Record<never, never>;

/** What a module's factory returns. */
export type ModuleInstance<Services extends object = object, Loaders extends object = Empty> = {
  services: Services;
  /** The types this module resolves for `node(id)`. */
  nodes?: readonly NodeSource[];
  withdrawal?: Withdrawal;
  exportData?: DataExport;
} & (Empty extends Loaders ? { loaders?: () => Loaders } : { loaders: () => Loaders });

export type DomainModule<Name extends string = string, Deps = never, Instance extends ModuleInstance<object, object> = ModuleInstance<object, object>> = {
  name: Name;
  /** Static: the schema is built from these without creating anything (print-schema, tests). */
  resolvers: readonly ResolverClass[];
  /**
   * The module's operations for the operator console, served on `/operator/graphql` only (a schema
   * of their own, `server/operator-schema.graphql`); each guarded `@Allow('operator', { roles })`.
   */
  operatorResolvers?: readonly ResolverClass[];
  /** Builds the module from its dependencies only: infrastructure and other modules' services. */
  create(deps: Deps): Instance;
};

/** Keeps the literal name and the factory's exact types. */
export function defineModule<const Name extends string, Deps, Instance extends ModuleInstance<object, object>>(
  module: DomainModule<Name, Deps, Instance>,
): DomainModule<Name, Deps, Instance> {
  return module;
}

/**
 * The declarations of every created module, read at request time. The composition root hands the
 * same object to the modules that dispatch over the others (person: `node()`; consent: withdrawal;
 * accounts: data export), so adding a module to the list is all it takes.
 */
export type ModuleDeclarations = {
  nodes(): readonly NodeSource[];
  withdrawals(): readonly Withdrawal[];
  exports(): readonly DataExport[];
};

export function declarationsOf(modules: () => Iterable<ModuleInstance<object, object>>): ModuleDeclarations {
  const all = () => [...modules()];
  return {
    nodes: () => all().flatMap((m) => m.nodes ?? []),
    withdrawals: () => all().flatMap((m) => (m.withdrawal ? [m.withdrawal] : [])),
    exports: () => all().flatMap((m) => (m.exportData ? [m.exportData] : [])),
  };
}
