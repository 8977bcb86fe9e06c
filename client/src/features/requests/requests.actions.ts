// Actions of the rights page. Closing the account erases local data first, key and installation
// identity included (if the server refuses, what the cache may hold comes back on the next sync);
// downloads fetch the prepared file by its request id through GraphQL, never a URL with data.
import { CloseAccountDocument, MyDataExportDocument } from '../../gql/graphql';
import { purgeAllEverywhere } from '../../platform/consent/consent-actions';
import { syncConsent } from '../../platform/consent/consent-sync';
import { execute, mutate, NetworkError, OperationError, errorCode } from '../../platform/graphql-client';
import { clearAll } from '../../platform/query-store';
import { downloadFile } from '../../platform/ui/components';

export async function closeAccount(password: string): Promise<void> {
  await purgeAllEverywhere({ keepOutbox: false, keepInstallation: false });
  try {
    await mutate(CloseAccountDocument, { password });
  } catch (error) {
    void syncConsent();
    if (error instanceof NetworkError) throw new OperationError('OFFLINE');
    throw error;
  }
  clearAll();
}

export async function downloadExport(requestId: string): Promise<void> {
  const result = await execute(MyDataExportDocument, { requestId }, { networkOnly: true });
  const file = result.data?.me?.dataExport;
  if (!file) throw new OperationError(errorCode(result.errors) ?? 'NOT_FOUND');
  downloadFile(file.fileName, file.content, file.mediaType);
}
