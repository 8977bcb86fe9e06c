// The two references `run.ts` measures the product against, in one process pinned to the
// product's core: plain Apollo Server 5 + graphql-js executing each recorded operation over its
// recorded data in memory (so it answers the same bytes, give or take key order), and a raw
// node:http server that writes the recorded bytes (the ceiling). argv[2]: the recordings (JSON).
// Prints `{"apollo":port,"raw":port}` once both listen.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSchema, type DocumentNode, type GraphQLFormattedError } from 'graphql';

export type Recording = {
  operationName: string;
  /** The body the product was sent (a trusted document's id, or a partner's raw document). */
  productBody: string;
  /** The same operation as plain Apollo takes it: the document itself. */
  referenceBody: string;
  /** What the product answered. */
  responseBody: string;
};

type Recorded = { data: Record<string, unknown> | null; errors?: GraphQLFormattedError[]; extensions?: Record<string, unknown> };

async function main(): Promise<void> {
  const recordings = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Recording[];
  const byOperation = new Map(recordings.map((r) => [r.operationName, JSON.parse(r.responseBody) as Recorded]));
  const byBody = new Map(recordings.map((r) => [r.productBody, Buffer.from(r.responseBody)]));

  const apollo = new ApolloServer<Record<string, never>>({
    schema: buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8')),
    // The recorded data is the root value: graphql-js's default resolvers walk it.
    rootValue: (document: DocumentNode) => {
      const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
      return byOperation.get(operation?.name?.value ?? '')?.data ?? {};
    },
    plugins: [
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response, operationName }) {
              const recorded = byOperation.get(operationName ?? '');
              if (!recorded || response.body.kind !== 'single') return;
              if (recorded.errors) response.body.singleResult.errors = recorded.errors;
              response.body.singleResult.extensions = recorded.extensions;
            },
          };
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(apollo, { listen: { host: '127.0.0.1', port: 0 } });

  const raw = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = byBody.get(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(body ?? '{"errors":[{"message":"not recorded"}]}');
    });
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ apollo: Number(new URL(url).port), raw: (raw.address() as AddressInfo).port })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
