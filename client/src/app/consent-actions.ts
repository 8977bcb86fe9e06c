// Consent and session actions that touch the offline cache. The rule: purge locally first
// (this tab, every other tab, the service worker), then tell the server.
import { affectsOfflineCache, RECIPIENT_SERVICE } from '../data/cache-policy';
import { offlineStore } from '../data/offline-store';
import {
  DeleteAccountDocument,
  GrantConsentDocument,
  SignOutDocument,
  WithdrawConsentDocument,
  type GrantConsentInput,
  type GrantConsentMutation,
  type WithdrawConsentInput,
} from '../gql/graphql';
import { applyConsentState, flushOutbox, syncConsent } from './cache-sync';
import { errorCode, execute, mutate, NetworkError, OperationError } from './graphql-client';
import { clearAll, refetchAll } from './query-store';
import { tellServiceWorker } from './sw-registration';

export type WithdrawOutcome = 'sent' | 'queued';

export async function withdrawConsent(input: WithdrawConsentInput): Promise<WithdrawOutcome> {
  const store = offlineStore();
  const categories = input.categories ?? null;
  if (affectsOfflineCache(input.purpose) && input.recipient.type === RECIPIENT_SERVICE) {
    // Announces on 'shebao-cache', so every tab drops the data from screen at once.
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
    const result = await execute(WithdrawConsentDocument, { input });
    const code = errorCode(result.errors);
    if (code === 'UNAUTHENTICATED') return 'queued';
    await store.dequeue(id);
    if (code || !result.data) throw new OperationError(code ?? 'generic');
    await applyConsentState(result.data.withdrawConsent);
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

/** Sign-out: everything local goes first; the server is told now or when back online. */
export async function signOut(): Promise<void> {
  const store = offlineStore();
  await store.purgeAll({ keepOutbox: true });
  await tellServiceWorker({ type: 'PURGE_ALL', keepOutbox: true });
  try {
    await flushOutbox();
    await execute(SignOutDocument);
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    await store.enqueue({ kind: 'signOut', createdAt: Date.now(), attempts: 0 });
  }
  clearAll();
}

/** Account deletion, confirmed by password. Local data is erased first, key included. */
export async function deleteAccount(password: string): Promise<void> {
  const store = offlineStore();
  await store.purgeAll({ keepOutbox: false, keepInstallation: false });
  await tellServiceWorker({ type: 'PURGE_ALL', keepOutbox: false });
  try {
    await mutate(DeleteAccountDocument, { password });
  } catch (error) {
    // Still signed in (wrong password, offline): restore what the cache may hold.
    void syncConsent();
    if (error instanceof NetworkError) throw new OperationError('OFFLINE');
    throw error;
  }
  clearAll();
}
