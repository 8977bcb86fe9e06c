// The consent screen's backend (server: modules/partners/oauth/interactions.ts). It lives under
// /oauth/interaction/<uid> because the authorization server binds its interaction cookie to that
// path. Plain same-origin fetches: the service worker handles only /graphql, so these always go to
// the network and nothing of them is kept offline.

import type { InteractionConsent, InteractionDetails } from '@shebao/vocabulary';

export type { InteractionDetails };

/** An OAuth-style error from the backend (`error` is a code, never input echoed back). */
export class InteractionFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

const base = (uid: string) => `/oauth/interaction/${encodeURIComponent(uid)}`;

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new InteractionFailure(0, 'network');
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new InteractionFailure(response.status, body.error ?? 'server_error');
  return body as T;
}

export function interactionDetails(uid: string): Promise<InteractionDetails> {
  return call(`${base(uid)}/details`);
}

/** The person's answer; resolves to where the browser goes next (back to the partner). */
export function answerInteraction(uid: string, answer: InteractionConsent | 'refuse'): Promise<{ redirectTo: string }> {
  const json = { 'content-type': 'application/json' };
  return answer === 'refuse'
    ? call(`${base(uid)}/refuse`, { method: 'POST', headers: json, body: '{}' })
    : call(`${base(uid)}/consent`, { method: 'POST', headers: json, body: JSON.stringify(answer) });
}
