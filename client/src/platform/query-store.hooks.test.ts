// @vitest-environment happy-dom
// The hooks as a component uses them: the entry a component shows is the one it loads, even when
// the store forgets entries between a render and its effects (a consent notice at start-up).
import { h, render } from 'preact';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { PrivacyNoticeDocument } from '../gql/graphql';
import { clearAll, invalidateCategories, refetchAll, useQuery } from './query-store';

let root: HTMLElement;

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  vi.stubGlobal('fetch', async () =>
    new Response(JSON.stringify({ data: { privacyNotice: { version: 7 } }, extensions: { dataCategories: [], consentVersion: 1 } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    }),
  );
});

afterEach(() => {
  render(null, root);
  root.remove();
  clearAll();
  vi.unstubAllGlobals();
});

function Notice() {
  const notice = useQuery(PrivacyNoticeDocument, { locale: 'ZH_CN' });
  return h('p', null, notice.data ? `version ${notice.data.privacyNotice.version}` : 'loading');
}

it.each([
  ['a consent change elsewhere', () => refetchAll()],
  ['a purge of everything', () => clearAll()],
  ['a withdrawal', () => invalidateCategories(null)],
])('shows its answer when %s comes between the render and the effects', async (_what, between) => {
  render(h(Notice, null), root);
  expect(root.textContent).toBe('loading');
  between();
  await vi.waitFor(() => expect(root.textContent).toBe('version 7'), { timeout: 2000 });
});
