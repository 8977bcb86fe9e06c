#!/usr/bin/env node
// A small partner app: the whole Shebao partner flow with openid-client, as a partner would write
// it. Discovery (RFC 8414) → PAR + PKCE (S256), client authentication with private_key_jwt → the
// person approves in the Shebao PWA → code → tokens → a GraphQL read (granted fields and FORBIDDEN
// nulls) → refresh (rotation) → revocation (RFC 7009), or watching until the person withdraws.
//
//   node examples/partner/partner.mjs                      # against http://127.0.0.1:4000 (pnpm start)
//   node examples/partner/partner.mjs --then watch         # keep reading until the person withdraws
//   node examples/partner/partner.mjs --headless ...       # JSON lines on stdout; callback URL and "check" on stdin
//
// It acts as the demo partner `demo-insurer` with the committed SANDBOX key
// (sandbox-private-key.json); a real partner uses its own key, registered with `pnpm partner:add`.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { importJWK } from 'jose';
import * as oidc from 'openid-client';

const { values: args } = parseArgs({
  options: {
    server: { type: 'string', default: process.env.SHEBAO_URL ?? 'http://127.0.0.1:4000' },
    'client-id': { type: 'string', default: 'demo-insurer' },
    key: { type: 'string', default: new URL('./sandbox-private-key.json', import.meta.url).pathname },
    'redirect-uri': { type: 'string', default: 'http://127.0.0.1:4010/callback' },
    scope: { type: 'string', default: 'insurance.status insurance.contributions medical.records' },
    // listen: a local server on the redirect URI's port receives the callback; stdin: paste the URL.
    callback: { type: 'string', default: 'listen' },
    // revoke: end the grant ourselves (RFC 7009); watch: keep reading until the person withdraws.
    then: { type: 'string', default: 'revoke' },
    headless: { type: 'boolean', default: false },
  },
});

const server = args.server.replace(/\/+$/, '');
const lines = createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));

/** Headless: one JSON object per line, for a test to read. Otherwise: sentences for a developer. */
function report(event, details, sentence) {
  if (args.headless) console.log(JSON.stringify({ event, ...details }));
  else console.log(`\n• ${sentence}`);
}

const UNDERWRITING = `query Underwriting {
  me {
    insurance { city employer contributionYears }
    contributions(last: 3) { month insuranceType base }
    medicalRecords(first: 3) { totalCount nodes { date institution totalCost } }
  }
}`;

async function readGraphQL(accessToken) {
  const response = await fetch(`${server}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ query: UNDERWRITING, operationName: 'Underwriting' }),
  });
  const body = await response.json();
  return { status: response.status, data: body.data ?? null, errors: body.errors ?? [] };
}

/** The OAuth error code of a failed openid-client call (`invalid_grant`, …). */
function oauthErrorOf(error) {
  return error?.error ?? error?.cause?.error ?? error?.code ?? 'error';
}

async function main() {
  // 1. Discovery: RFC 8414 metadata of the issuer `<server>/oauth` (path-inserted well-known URL).
  const { _warning, ...jwk } = JSON.parse(await readFile(args.key, 'utf8'));
  const key = await importJWK(jwk, jwk.alg ?? 'ES256');
  const insecure = new URL(server).protocol === 'http:' ? [oidc.allowInsecureRequests] : []; // sandbox on loopback only
  const config = await oidc.discovery(new URL(`${server}/oauth`), args['client-id'], undefined, oidc.PrivateKeyJwt({ key, kid: jwk.kid }), {
    algorithm: 'oauth2',
    execute: insecure,
  });
  report('discovered', { issuer: config.serverMetadata().issuer }, `Discovered issuer ${config.serverMetadata().issuer}`);

  // 2. PAR + PKCE: the request goes to the server first, the browser only carries its handle.
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authorizationUrl = await oidc.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: args['redirect-uri'],
    scope: args.scope,
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  const callback = receiveCallback(args['redirect-uri']);
  report('authorize', { url: authorizationUrl.href }, `Open this URL in a browser and answer as the person (demo: 13800138000 / Shebao-demo-2026):\n  ${authorizationUrl.href}`);

  // 3. The person's answer comes back to the redirect URI: code (or access_denied) → tokens.
  const callbackUrl = await callback;
  let tokens;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: codeVerifier, expectedState: state });
  } catch (error) {
    report('refused', { error: oauthErrorOf(error) }, `No access: ${oauthErrorOf(error)}`);
    process.exitCode = 1;
    return;
  }
  report('tokens', { scope: tokens.scope, expiresIn: tokens.expires_in }, `Got an opaque access token for ${tokens.expires_in} s, scope: ${tokens.scope}`);

  // 4. GraphQL: granted fields carry data; the rest are null with one FORBIDDEN error each.
  const read = await readGraphQL(tokens.access_token);
  const forbidden = read.errors.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => ({ path: e.path, category: e.extensions.category, reason: e.extensions.reason }));
  report(
    'read',
    { status: read.status, data: read.data, forbidden },
    `GraphQL ${read.status}:\n${JSON.stringify(read.data, null, 2)}\n  withheld: ${forbidden.map((f) => `${f.path.join('.')} (${f.category}: ${f.reason})`).join(', ') || 'nothing'}`,
  );

  // 5. Refresh: every use rotates the refresh token; the old one is now spent.
  tokens = await oidc.refreshTokenGrant(config, tokens.refresh_token);
  report('refreshed', { scope: tokens.scope }, `Refreshed (rotated), scope: ${tokens.scope}`);

  if (args.then === 'watch') {
    await watchUntilWithdrawn(config, tokens);
  } else {
    // 6. Revocation: revoking the refresh token ends the whole grant, access token included.
    await oidc.tokenRevocation(config, tokens.refresh_token);
    await reportAccessEnded(config, tokens, 'Revoked the refresh token (RFC 7009)');
  }
}

/** Reads again (headless: on each "check" line; otherwise every 3 s) until access ends. */
async function watchUntilWithdrawn(config, tokens) {
  report('watching', {}, 'Reading again every few seconds. Withdraw "安康健康保险（演示）" in the PWA’s consent centre to see access end.');
  for (;;) {
    if (args.headless) await nextLine();
    else await new Promise((resolve) => setTimeout(resolve, 3000));
    const read = await readGraphQL(tokens.access_token);
    if (read.status === 401) return reportAccessEnded(config, tokens, 'The person withdrew');
    report('read', { status: read.status, data: read.data }, `Still readable (${read.status}).`);
  }
}

async function reportAccessEnded(config, tokens, why) {
  const read = await readGraphQL(tokens.access_token);
  const refresh = await oidc.refreshTokenGrant(config, tokens.refresh_token).then(
    () => 'ok',
    (error) => oauthErrorOf(error),
  );
  const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
  report(
    'access-ended',
    { graphqlStatus: read.status, refresh, active: introspection.active },
    `${why}: GraphQL answers ${read.status}, refresh gives ${refresh}, introspection says active: ${introspection.active}.`,
  );
}

/** The URL the browser was sent back to: from a one-request local server, or pasted on stdin. */
function receiveCallback(redirectUri) {
  if (args.headless || args.callback === 'stdin') {
    if (!args.headless) console.log(`\n(After answering, paste the address the browser went to: ${redirectUri}?…)`);
    return nextLine().then((line) => new URL(String(line).trim()));
  }
  const target = new URL(redirectUri);
  return new Promise((resolve, reject) => {
    const listener = createServer((request, response) => {
      const url = new URL(request.url ?? '/', redirectUri);
      if (url.pathname !== target.pathname) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Done: you can close this tab and go back to the terminal.\n');
      listener.close();
      resolve(url);
    });
    listener.once('error', reject);
    listener.listen(Number(target.port), target.hostname);
  });
}

main()
  .catch((error) => {
    report('failed', { error: oauthErrorOf(error), message: String(error?.message ?? error) }, `Failed: ${error?.message ?? error}`);
    process.exitCode = 1;
  })
  .finally(() => lines.close());
