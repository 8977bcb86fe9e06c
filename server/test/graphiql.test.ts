// GraphiQL at /graphiql: served from our own dependencies under a strict CSP (no inline script, no
// CDN), only allow-listed assets, and sample operations that really run against the gateway.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import Fastify from 'fastify';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../src/schema/schema.js';
import { GRAPHIQL_CSP, registerGraphiql } from '../src/http/routes/graphiql.route.js';
import { Browser } from './oauth/oauth-harness.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const INIT_SCRIPT = path.resolve(import.meta.dirname, '../src/http/routes/graphiql/graphiql-init.js');

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

type Element = { type: unknown; props: Record<string, any>; children: unknown[] };
type Page = { origin: string; search?: string; sessionStorage?: Map<string, string>; fetch?: (url: string, init: RequestInit) => Promise<Response> };

/**
 * Runs the init script against stand-ins for the DOM and the UMD globals (the page's location,
 * sessionStorage and fetch as given); returns GraphiQL's props and the rendered tree.
 */
async function renderPage(production: boolean, page: Page = { origin: 'http://127.0.0.1:4000' }) {
  let tree: Element | undefined;
  const assigned: string[] = [];
  const storage = page.sessionStorage ?? new Map<string, string>();
  const element = { style: {}, textContent: '', getAttribute: (name: string) => ({ 'data-production': String(production), 'data-endpoint': '/graphql' })[name] ?? null };
  const GraphiQL = Object.assign(() => null, { createFetcher: (options: unknown) => options });
  const window: any = {
    React: { createElement: (type: unknown, props: Record<string, any>, ...children: unknown[]) => ({ type, props, children }) },
    ReactDOM: { createRoot: () => ({ render: (rendered: Element) => (tree = rendered) }) },
    GraphiQL,
    fetch: page.fetch ?? (() => Promise.reject(new Error('no network in this test'))),
    location: { origin: page.origin, search: page.search ?? '', assign: (url: string) => assigned.push(url) },
    history: { replaceState: () => {} },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) },
    crypto: globalThis.crypto,
    btoa: globalThis.btoa,
  };
  const document = { body: element, getElementById: () => element };
  vm.runInNewContext(await readFile(INIT_SCRIPT, 'utf8'), { window, document, URLSearchParams, TextEncoder });
  for (let i = 0; i < 50 && !tree; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!tree) throw new Error('the init script did not render GraphiQL');
  const find = (node: unknown, match: (e: Element) => boolean): Element | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    const e = node as Element;
    if (match(e)) return e;
    for (const child of e.children ?? []) {
      const found = find(child, match);
      if (found) return found;
    }
    return undefined;
  };
  const graphiql = find(tree, (e) => e.type === GraphiQL)!;
  return { props: graphiql.props as { defaultTabs: Array<{ query: string }>; fetcher: unknown; shouldPersistHeaders: boolean; defaultHeaders?: string }, tree, find, assigned, storage };
}

async function graphiqlProps(production: boolean) {
  return (await renderPage(production)).props;
}

const scriptsOf = (html: string) => [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({ attrs: m[1]!, body: m[2]! }));
/** Every src/href of the page except the empty data: favicon (which only stops a /favicon.ico request). */
const referencedAssets = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((ref) => ref !== 'data:,');

describe('GET /graphiql', () => {
  it('is an HTML page with its own strict CSP and no inline script', async () => {
    const response = await fetch(`${t.url}/graphiql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy');
    expect(csp).toBe(GRAPHIQL_CSP);
    const scriptSrc = csp!.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");

    const html = await response.text();
    expect(html).toContain('<title>Shebao GraphiQL</title>');
    expect(html).toContain('data-production="false"');
    const scripts = scriptsOf(html);
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    for (const script of scripts) {
      expect(script.attrs).toMatch(/\bsrc="\/graphiql\/assets\//);
      expect(script.body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i); // nothing from a CDN
  });

  it('serves every asset it references, with the right type and caching', async () => {
    const html = await (await fetch(`${t.url}/graphiql`)).text();
    const assets = referencedAssets(html);
    for (const asset of assets) expect(asset).toMatch(/^\/graphiql\/assets\/[\w.-]+(\?v=[\w.-]+)?$/);
    expect(assets.map((a) => a.split('?')[0])).toEqual(
      expect.arrayContaining(['/graphiql/assets/graphiql.min.css', '/graphiql/assets/react.production.min.js', '/graphiql/assets/react-dom.production.min.js', '/graphiql/assets/graphiql.min.js', '/graphiql/assets/graphiql-init.js']),
    );
    for (const asset of assets) {
      const response = await fetch(`${t.url}${asset}`);
      expect(response.status, asset).toBe(200);
      const name = asset.split('?')[0]!;
      expect(response.headers.get('content-type'), asset).toBe(name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(response.headers.get('cache-control'), asset).toBe(name.endsWith('graphiql-init.js') ? 'no-cache' : 'public, max-age=31536000, immutable');
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
  });

  it('serves nothing outside the allow-list (no path traversal)', async () => {
    for (const attempt of [
      '/graphiql/assets/unknown.js',
      '/graphiql/assets/..%2f..%2fpackage.json',
      '/graphiql/assets/..%2F..%2F..%2Fpackage.json',
      '/graphiql/assets/%2e%2e%2fgraphiql.route.ts',
      '/graphiql/assets/graphiql.min.js.map',
      '/graphiql/assets/',
    ]) {
      const response = await fetch(`${t.url}${attempt}`);
      expect(response.status, attempt).toBe(404);
      expect(await response.text(), attempt).not.toContain('"dependencies"');
    }
  });
});

describe('the page against /graphql', () => {
  it('marks production on the page, not in inline script', async () => {
    const app = Fastify();
    await registerGraphiql(app, { production: true });
    const response = await app.inject({ method: 'GET', url: '/graphiql' });
    expect(response.body).toContain('data-production="true"');
    await app.close();
  });

  it('fetches JSON POSTs with the cookie and keeps headers (tokens) out of storage', async () => {
    const props = await graphiqlProps(false);
    expect(props.fetcher).toMatchObject({ url: '/graphql', enableIncrementalDelivery: false });
    expect(props.shouldPersistHeaders).toBe(false);
    // What GraphiQL's fetcher sends passes Apollo's CSRF prevention; a "simple" request does not.
    const json = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(json.status).toBe(200);
    const simple = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(simple.status).toBe(400);
  });

  it('offers sample operations that validate against the schema; production drops the development-only ones', async () => {
    const schema = await buildGatewaySchema();
    const development = (await graphiqlProps(false)).defaultTabs;
    const production = (await graphiqlProps(true)).defaultTabs;
    for (const tab of [...development, ...production]) expect(validate(schema, parse(tab.query))).toEqual([]);
    const names = (tabs: Array<{ query: string }>) => tabs.flatMap((tab) => [...tab.query.matchAll(/^(?:query|mutation) (\w+)/gm)].map((m) => m[1]));
    expect(names(development)).toEqual(['SignIn', 'Dashboard', 'AsPartner', 'Notice']);
    expect(names(production)).toEqual(['Dashboard', 'AsPartner', 'Notice']);
  });

  it('runs the samples: the dashboard for the person, a denied field for a partner', async () => {
    const tabs = (await graphiqlProps(false)).defaultTabs;
    const run = async (operationName: string, token?: string) => {
      // The whole tab goes to the server, as GraphiQL sends it, with the operation to run named.
      const query = tabs.find((tab) => new RegExp(`^(query|mutation) ${operationName}\\b`, 'm').test(tab.query))!.query;
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, operationName }),
      });
      return (await response.json()) as { data: any; errors?: Array<{ path?: unknown[]; extensions?: Record<string, unknown> }> };
    };

    const signedIn = await run('SignIn');
    expect(signedIn.errors).toBeUndefined();
    const token = signedIn.data.signIn.token as string;

    const dashboard = await run('Dashboard', token);
    expect(dashboard.errors).toBeUndefined();
    expect(dashboard.data.me.balances.length).toBeGreaterThan(0);

    const notice = await run('Notice');
    expect(notice.errors).toBeUndefined();
    expect(notice.data.privacyNotice.purposes.length).toBeGreaterThan(0);

    // "As partner": the page's own OAuth flow (PAR + PKCE as GraphiQL's public client), the person's
    // consent on the consent page's backend, and back to /graphiql with the code.
    const appFetch = (url: string, init: RequestInit) => fetch(new URL(url, t.url), init);
    const start = await renderPage(false, { origin: t.url, fetch: appFetch });
    const button = start.find(start.tree, (e) => e.type === 'button')!;
    await button.props.onClick();
    expect(start.assigned).toHaveLength(1);
    const browser = new Browser(t.url);
    browser.setCookie('shebao_session', token);
    const toInteraction = await browser.request('GET', start.assigned[0]!);
    const interaction = new URL(toInteraction.headers.get('location')!, t.url).pathname;
    const answer = await browser.request('POST', `${interaction}/consent`, { categories: ['identity.basic', 'insurance.status'], days: 1 });
    const back = new URL((await browser.request('GET', ((await answer.json()) as { redirectTo: string }).redirectTo)).headers.get('location')!);
    expect(back.pathname).toBe('/graphiql');
    const returned = await renderPage(false, { origin: t.url, search: back.search, sessionStorage: start.storage, fetch: appFetch });
    const partnerToken = (JSON.parse(returned.props.defaultHeaders!) as { Authorization: string }).Authorization.replace('Bearer ', '');

    const asPartner = await run('AsPartner', partnerToken);
    expect(asPartner.data.me.identity.realName).toEqual(expect.any(String));
    expect(asPartner.data.me.balances).toBeNull();
    expect(asPartner.errors).toEqual([
      expect.objectContaining({ path: ['me', 'balances'], extensions: expect.objectContaining({ code: 'FORBIDDEN', category: 'insurance.balance', reason: 'SCOPE_MISSING' }) }),
    ]);
  });
});
