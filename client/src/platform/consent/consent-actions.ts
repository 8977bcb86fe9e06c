// Consent and session actions that touch the offline cache. The rule: purge locally first
// (this tab, every other tab, the service worker), then tell the server.
import { affectsOfflineCache, RECIPIENT_SERVICE } from '../../data/cache-rules';
import { offlineStore } from '../../data/offline-store';
import {
  GrantConsentDocument,
  GrantConsentsDocument,
  SignOutDocument,
  WithdrawConsentDocument,
  type GrantConsentInput,
  type GrantConsentMutation,
  type WithdrawConsentInput,
} from '../../gql/graphql';
import { tellServiceWorker } from '../../sw-bridge/tell-worker';
import { errorCode, execute, mutate, NetworkError, OperationError } from '../graphql-client';
import { clearAll, refetchAll } from '../query-store';
import { applyConsentState, syncConsent } from './consent-sync';
import { flushOutbox } from './outbox-sender';

export type WithdrawOutcome = 'sent' | 'queued';

/** Everything local goes (announced to every tab), then the worker is told to do the same. */
export async function purgeAllEverywhere(options: { keepOutbox: boolean; keepInstallation?: boolean }): Promise<void> {
  await offlineStore().purgeAll(options);
  await tellServiceWorker({ type: 'PURGE_ALL', keepOutbox: options.keepOutbox });
}

export async function withdrawConsent(input: WithdrawConsentInput): Promise<WithdrawOutcome> {
  const store = offlineStore();
  const categories = input.categories ?? null;
  if (affectsOfflineCache(input.purpose) && input.recipient.type === RECIPIENT_SERVICE) {
    // Announces on the store channel, so every tab drops the data from screen at once.
    await store.purgeCategories(categories);
    await tellServiceWorker({ type: 'PURGE', categories });
  }
  // Durable before it is sent: a reload or a lost connection cannot lose it.
  const id = await store.enqueue({
    kind: 'withdrawConsent',
    input: { purpose: input.purpose, recipient: { type: input.recipient.type, partnerId: input.recipient.partnerId == null ? null : String(input.recipient.partnerId) }, categories },
    createdAt: Date.now(),
    attempts: 0,
  });
  try {
    const epoch = await store.epoch();
    const result = await execute(WithdrawConsentDocument, { input });
    const code = errorCode(result.errors);
    if (code === 'UNAUTHENTICATED') return 'queued';
    await store.dequeue(id);
    if (code || !result.data) throw new OperationError(code ?? 'INTERNAL_SERVER_ERROR');
    await applyConsentState(result.data.withdrawConsent, epoch);
    await syncConsent();
    refetchAll();
    return 'sent';
  } catch (error) {
    if (error instanceof NetworkError) {
      await store.recordAttempt(id);
      return 'queued';
    }
    throw error;
  }
}

export async function grantConsent(input: GrantConsentInput): Promise<GrantConsentMutation['grantConsent']> {
  // A queued withdrawal of the same thing must reach the server first, in order.
  await flushOutbox();
  const data = await mutate(GrantConsentDocument, { input });
  await syncConsent();
  refetchAll();
  return data.grantConsent;
}

/** Several grants the person chose in one step (onboarding): one round trip, one transaction. */
export async function grantConsents(inputs: GrantConsentInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await flushOutbox();
  await mutate(GrantConsentsDocument, { inputs });
  await syncConsent();
  refetchAll();
}

/** Sign-out: everything local goes first; the server is told now or when back online. */
export async function signOut(): Promise<void> {
  await purgeAllEverywhere({ keepOutbox: true });
  try {
    await flushOutbox();
    await execute(SignOutDocument);
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    await offlineStore().enqueue({ kind: 'signOut', createdAt: Date.now(), attempts: 0 });
  }
  clearAll();
}
