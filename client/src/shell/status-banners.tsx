// The banners above every page: offline (with the age of what is shown), withdrawals waiting
// for the network, and a new version waiting for the person's go-ahead.
import { useI18n } from '../i18n/i18n';
import { usePendingOutbox } from '../platform/consent/outbox-sender';
import { formatDateTime } from '../platform/format';
import { useOfflineSince } from '../platform/query-store';
import { useOnline } from '../platform/use-online';

export function StatusBanners(props: { update: (() => void) | null; dismissUpdate: () => void }) {
  const { t, locale } = useI18n();
  const offlineSince = useOfflineSince();
  const online = useOnline();
  const pending = usePendingOutbox();
  return (
    <div class="banners">
      {offlineSince ? (
        <p class="banner banner-offline" role="status" data-testid="offline-banner">
          {t.offline.banner(formatDateTime(locale, offlineSince))}
        </p>
      ) : !online ? (
        <p class="banner banner-offline" role="status">
          {t.offline.noNetwork}
        </p>
      ) : null}
      {pending > 0 && (
        <p class="banner banner-pending" role="status" data-testid="pending-banner">
          {t.offline.pendingSync(pending)}
        </p>
      )}
      {props.update && (
        <div class="banner banner-update" role="status">
          <span>{t.update.available}</span>
          <button type="button" class="primary" onClick={props.update}>
            {t.update.reload}
          </button>
          <button type="button" onClick={props.dismissUpdate}>
            {t.update.later}
          </button>
        </div>
      )}
    </div>
  );
}
