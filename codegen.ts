import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for the PWA. The schema is the one printed from the real server; every
// operation lives in a .graphql file under client/src and is sent by its sha256 id only.
// SHEBAO_CODEGEN_OUT lets scripts/check-codegen.mjs regenerate elsewhere and compare.
const schema = process.env.SHEBAO_SCHEMA ?? 'server/schema.graphql';
const out = process.env.SHEBAO_CODEGEN_OUT ?? 'client/src/gql/';
// The operator console (client/src/operator/) against its own schema, into its own folder.
const operatorSchema = process.env.SHEBAO_OPERATOR_SCHEMA ?? 'server/operator-schema.graphql';
const operatorOut = process.env.SHEBAO_OPERATOR_CODEGEN_OUT ?? 'client/src/operator/gql/';

interface DefinitionLike {
  readonly kind: string;
  readonly operation?: string;
  readonly name?: { readonly value: string };
}

const presetConfig = {
  fragmentMasking: false,
  // The bundle carries only {hash, operationName, operationType}; the text is in
  // persisted-documents.json, which the server loads as its trusted-document list.
  persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: 'sha256' },
  onExecutableDocumentNode: (doc: { readonly definitions: readonly DefinitionLike[] }) => {
    const op = doc.definitions.find((d) => d.kind === 'OperationDefinition');
    return { operationName: op?.name?.value ?? null, operationType: op?.operation ?? 'query' };
  },
} as const;

const config: CodegenConfig = {
  ignoreNoDocuments: false,
  generates: {
    [operatorOut]: {
      schema: operatorSchema,
      documents: ['client/src/operator/**/*.graphql', '!client/src/operator/gql/**'],
      preset: 'client',
      presetConfig,
      config: {
        useTypeImports: true,
        enumType: 'string-literal',
        scalars: { DateTimeISO: 'string', JSON: 'unknown', DataCategory: 'string' },
      },
    },
    [out]: {
      schema,
      documents: ['client/src/**/*.graphql', '!client/src/gql/**', '!client/src/operator/**'],
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // The bundle carries only {hash, operationName, operationType}; the text is in
        // persisted-documents.json, which the server loads as its trusted-document list.
        persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: 'sha256' },
        onExecutableDocumentNode: (doc: { readonly definitions: readonly DefinitionLike[] }) => {
          const op = doc.definitions.find((d) => d.kind === 'OperationDefinition');
          return { operationName: op?.name?.value ?? null, operationType: op?.operation ?? 'query' };
        },
      },
      config: {
        useTypeImports: true,
        enumType: 'string-literal',
        scalars: {
          DateTime: 'string',
          // The server prints type-graphql's ISO date scalar under this name.
          DateTimeISO: 'string',
          LocalDate: 'string',
          JSON: 'unknown',
          DataCategory: 'string',
        },
      },
    },
  },
  hooks: {},
};

export default config;
