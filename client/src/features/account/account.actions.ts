// Account deletion, confirmed by password. Local data is erased first, key and installation
// identity included; if the server refuses, what the cache may hold comes back on the next sync.
import { DeleteAccountDocument } from '../../gql/graphql';
import { purgeAllEverywhere } from '../../platform/consent/consent-actions';
import { syncConsent } from '../../platform/consent/consent-sync';
import { mutate, NetworkError, OperationError } from '../../platform/graphql-client';
import { clearAll } from '../../platform/query-store';

export async function deleteAccount(password: string): Promise<void> {
  await purgeAllEverywhere({ keepOutbox: false, keepInstallation: false });
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
