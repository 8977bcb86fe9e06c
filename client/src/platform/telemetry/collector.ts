// Device, installation, error, search and location reporting. Each kind is sent only while the
// person's SERVICE consent for its category is current; without it nothing leaves the device.
import { offlineStore } from '../../data/offline-store';
import {
  ReportDeviceDocument,
  ReportDeviceEventDocument,
  ReportInstallationDocument,
  ReportLocationDocument,
  ReportSearchDocument,
} from '../../gql/graphql';
import { getConsentSnapshot, onConsentSnapshot, serviceConsented } from '../consent/consent-snapshot';
import { execute } from '../graphql-client';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_CRASH_REPORTS = 5;
let crashReports = 0;
let started = false;

interface UADataLike {
  readonly platform?: string;
  getHighEntropyValues?(hints: string[]): Promise<{ model?: string; platformVersion?: string; platform?: string }>;
}

async function describeDevice(): Promise<{ model: string; osVersion: string; osType: string }> {
  const uaData = (navigator as Navigator & { userAgentData?: UADataLike }).userAgentData;
  if (uaData?.getHighEntropyValues) {
    try {
      const v = await uaData.getHighEntropyValues(['model', 'platformVersion']);
      const platform = v.platform ?? uaData.platform ?? 'unknown';
      return { model: v.model || platform, osVersion: `${platform} ${v.platformVersion ?? ''}`.trim(), osType: platform };
    } catch {
      // fall back to the user agent string
    }
  }
  const ua = navigator.userAgent;
  const os =
    /Android ([\d.]+)/.exec(ua)?.[0] ??
    /iPhone OS ([\d_]+)/.exec(ua)?.[0]?.replace(/_/g, '.') ??
    /Mac OS X ([\d_]+)/.exec(ua)?.[0]?.replace(/_/g, '.') ??
    /Windows NT [\d.]+/.exec(ua)?.[0] ??
    (/Linux/.test(ua) ? 'Linux' : 'unknown');
  const model = /Android [\d.]+; ([^;)]+)/.exec(ua)?.[1]?.trim() ?? (/iPhone/.test(ua) ? 'iPhone' : /iPad/.test(ua) ? 'iPad' : os.split(' ')[0] ?? 'unknown');
  return { model, osVersion: os, osType: os.split(' ')[0] ?? 'unknown' };
}

function networkType(): string | undefined {
  return (navigator as Navigator & { connection?: { effectiveType?: string } }).connection?.effectiveType;
}

async function reportDeviceIfAllowed(): Promise<void> {
  if (!serviceConsented('device.info')) return;
  const store = offlineStore();
  const installation = await store.getInstallation();
  if (installation.deviceReportedAt && Date.now() - installation.deviceReportedAt < DAY_MS) return;
  const d = await describeDevice();
  const r = await execute(ReportDeviceDocument, {
    input: { model: d.model, osVersion: d.osVersion, deviceIdentifier: installation.deviceIdentifier, network: networkType() ?? null },
  });
  if (r.data?.reportDevice) await store.updateInstallation({ deviceReportedAt: Date.now() });
}

async function reportInstallationIfAllowed(): Promise<void> {
  if (!serviceConsented('app.instance')) return;
  const store = offlineStore();
  const installation = await store.getInstallation();
  if (installation.reportedAppVersion === __APP_VERSION__) return;
  const d = await describeDevice();
  const r = await execute(ReportInstallationDocument, {
    input: {
      installationNumber: installation.installationNumber,
      appVersion: __APP_VERSION__,
      osType: d.osType,
      event: installation.reportedAppVersion == null ? 'INSTALL' : 'UPDATE',
    },
  });
  if (r.data?.reportInstallation) await store.updateInstallation({ reportedAppVersion: __APP_VERSION__ });
}

function reportCrash(detail: string): void {
  if (!serviceConsented('device.logs') || crashReports >= MAX_CRASH_REPORTS) return;
  crashReports++;
  // The message and place only: no page content, no URL query.
  void execute(ReportDeviceEventDocument, { input: { kind: 'CRASH', detail: detail.slice(0, 300) } }).catch(() => undefined);
}

export function startCollector(): void {
  if (started) return;
  started = true;
  const run = () => {
    void reportDeviceIfAllowed().catch(() => undefined);
    void reportInstallationIfAllowed().catch(() => undefined);
  };
  onConsentSnapshot((s) => {
    if (s) run();
  });
  if (getConsentSnapshot()) run();
  window.addEventListener('error', (event) => {
    const where = event.filename ? ` @ ${new URL(event.filename, location.href).pathname}:${event.lineno}` : '';
    reportCrash(`${event.message}${where}`);
  });
  window.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason instanceof Error ? `${event.reason.name}: ${event.reason.message}` : 'unhandled rejection';
    reportCrash(reason);
  });
}

/** The medical-records search box: reported only with device.logs consent. */
export async function reportSearchIfAllowed(query: string): Promise<boolean> {
  const q = query.trim();
  if (!q || !serviceConsented('device.logs')) return false;
  const r = await execute(ReportSearchDocument, { query: q.slice(0, 200) }).catch(() => null);
  return Boolean(r?.data?.reportSearch);
}

export type LocationOutcome = 'sent' | 'no-consent' | 'denied' | 'error';

/** Asks the browser (its own permission prompt) only after the person's consent exists. */
export async function reportLocationIfAllowed(): Promise<LocationOutcome> {
  if (!serviceConsented('location')) return 'no-consent';
  if (!('geolocation' in navigator)) return 'error';
  const position = await new Promise<GeolocationPosition | 'denied' | 'error'>((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(p),
      (e) => resolve(e.code === e.PERMISSION_DENIED ? 'denied' : 'error'),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 60_000 },
    );
  });
  if (position === 'denied' || position === 'error') return position;
  const r = await execute(ReportLocationDocument, {
    input: {
      source: 'GPS',
      latitude: position.coords.latitude,
      longitude: position.coords.longitude,
      accuracyMeters: position.coords.accuracy,
    },
  }).catch(() => null);
  return r?.data?.reportLocation ? 'sent' : 'error';
}
