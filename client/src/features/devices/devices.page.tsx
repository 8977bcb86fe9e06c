import { useEffect, useState } from 'preact/hooks';
import { offlineStore } from '../../data/offline-store';
import { MyActivityDocument, MyDevicesDocument, MyInstallationsDocument, MyLocationsDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { reportLocationIfAllowed, type LocationOutcome } from '../../platform/telemetry/collector';
import { consentAnchor, EmptyState, Notice, PageTitle, QueryBody } from '../../platform/ui/components';
import { RecordTable } from '../../platform/ui/record-table';
import { Link } from '../../platform/navigation';
import { useOnline } from '../../platform/use-online';
import { serviceConsented, useConsentSnapshot } from '../../platform/consent/consent-snapshot';
import { formatDateTime, mask } from '../../platform/format';
import { useQuery } from '../../platform/query-store';

export function DevicesPage() {
  const { t, locale } = useI18n();
  const devices = useQuery(MyDevicesDocument);
  const installations = useQuery(MyInstallationsDocument);
  const activity = useQuery(MyActivityDocument);
  const locations = useQuery(MyLocationsDocument);
  const snapshot = useConsentSnapshot();
  const [thisDevice, setThisDevice] = useState<string | null>(null);
  const [locationOutcome, setLocationOutcome] = useState<LocationOutcome | null>(null);
  const online = useOnline();
  // Offline, or before the consent state is known, nothing can be said about consent: say why the button waits.
  const canShare = online && serviceConsented('location', snapshot);
  const locationHint = !online ? t.devices.locationOffline : snapshot == null ? null : !serviceConsented('location', snapshot) ? t.devices.locationNeedsConsent : null;

  useEffect(() => {
    void offlineStore()
      .getInstallation()
      .then((i) => setThisDevice(i.deviceIdentifier))
      .catch(() => undefined);
  }, []);

  return (
    <div>
      <PageTitle>{t.devices.title}</PageTitle>
      <p class="muted">{t.devices.collectionNote}</p>

      <section class="card" aria-labelledby="devices-h">
        <h2 id="devices-h">{t.devices.devices}</h2>
        <QueryBody state={devices} categories={['device.info']}>
          {(data) =>
            data.me?.devices?.length ? (
              <RecordTable
                rows={data.me.devices}
                rowKey={(d) => d.id}
                columns={[
                  {
                    header: t.devices.model,
                    cell: (d) => (
                      <>
                        {d.model ?? '—'}
                        {d.deviceIdentifier === thisDevice && <span class="badge badge-granted">{t.devices.thisDevice}</span>}
                      </>
                    ),
                  },
                  { header: t.devices.os, cell: (d) => d.osVersion ?? '—' },
                  { header: t.devices.identifier, cell: (d) => <code>{mask(d.deviceIdentifier)}</code> },
                  { header: t.devices.network, cell: (d) => d.network ?? '—' },
                  { header: t.devices.firstSeen, cell: (d) => formatDateTime(locale, d.firstSeenAt) },
                  { header: t.devices.lastSeen, cell: (d) => formatDateTime(locale, d.lastSeenAt) },
                ]}
              />
            ) : (
              <EmptyState text={t.devices.none} />
            )
          }
        </QueryBody>
      </section>

      <section class="card" aria-labelledby="installs-h">
        <h2 id="installs-h">{t.devices.installations}</h2>
        <QueryBody state={installations} categories={['app.instance']}>
          {(data) =>
            data.me?.installations?.length ? (
              <ul class="consent-list">
                {data.me.installations.map((i) => (
                  <li key={i.id}>
                    <span>
                      <strong>{i.installationNumber ?? '—'}</strong> · {t.devices.appVersion} {i.appVersion ?? '—'} · {i.osType ?? '—'}
                      <br />
                      <span class="muted small">
                        {t.devices.installedAt} {formatDateTime(locale, i.installedAt)}
                        {(i.events ?? []).length > 0 &&
                          ` · ${t.devices.events}: ${(i.events ?? [])
                            .map((e) => `${e.kind ? t.devices.installEvent[e.kind] : ''} ${e.appVersion ?? ''} ${formatDateTime(locale, e.at)}`)
                            .join('；')}`}
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState text={t.devices.none} />
            )
          }
        </QueryBody>
      </section>

      <section class="card" aria-labelledby="activity-h">
        <h2 id="activity-h">{t.devices.activity}</h2>
        <QueryBody state={activity} categories={['device.logs']}>
          {(data) =>
            data.me?.activity?.length ? (
              <ul class="consent-list">
                {data.me.activity.map((a, i) => (
                  <li key={i}>
                    {a.__typename === 'DeviceEvent' ? (
                      <span>
                        {a.kind ? t.devices.deviceEvent[a.kind] : '—'} {a.detail ? `· ${a.detail}` : ''}
                      </span>
                    ) : a.__typename === 'SearchLogEntry' ? (
                      <span>
                        {t.devices.search}: {a.query}
                      </span>
                    ) : null}
                    <span class="muted small">{formatDateTime(locale, a.at)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState text={t.devices.none} />
            )
          }
        </QueryBody>
      </section>

      <section class="card" aria-labelledby="locations-h">
        <h2 id="locations-h">{t.devices.locations}</h2>
        <div class="row">
          <button
            type="button"
            disabled={!canShare}
            onClick={() => void reportLocationIfAllowed().then((o) => {
              setLocationOutcome(o);
              if (o === 'sent') void locations.refetch();
            })}
          >
            {t.devices.shareLocation}
          </button>
          {locationHint && (
            <span class="muted small" data-testid="location-hint">
              {locationHint}
              {online && (
                <>
                  {' '}
                  <Link href={`/consent#${consentAnchor('SERVICE', 'location')}`}>{t.forbidden.action}</Link>
                </>
              )}
            </span>
          )}
        </div>
        {locationOutcome === 'sent' && <Notice kind="success">{t.devices.locationSent}</Notice>}
        {locationOutcome === 'denied' && <Notice kind="error">{t.devices.locationDenied}</Notice>}
        {locationOutcome === 'error' && <Notice kind="error">{t.errors.INTERNAL_SERVER_ERROR}</Notice>}
        <QueryBody state={locations} categories={['location']}>
          {(data) =>
            data.me?.locationSamples?.length ? (
              <ul class="consent-list">
                {data.me.locationSamples.map((l, i) => (
                  <li key={i}>
                    <span>
                      {l.source ? t.locationSource[l.source] : '—'} · {l.latitude?.toFixed(3)}, {l.longitude?.toFixed(3)}
                      {l.accuracyMeters != null ? ` (±${Math.round(l.accuracyMeters)} m)` : ''}
                    </span>
                    <span class="muted small">{formatDateTime(locale, l.at)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState text={t.devices.none} />
            )
          }
        </QueryBody>
      </section>
    </div>
  );
}
