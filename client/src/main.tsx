import { render } from 'preact';
import { App } from './shell/app';
import { startConsentWatch } from './platform/consent/consent-watch';
import { startCollector } from './platform/telemetry/collector';
import { I18nProvider } from './i18n/i18n';
import { captureInstallPrompt } from './platform/install';
import './styles/app.css';

// Before anything renders: Chromium fires beforeinstallprompt once, early.
captureInstallPrompt();

startConsentWatch();
// Device reports wait until the first screen is up; they are never urgent.
setTimeout(startCollector, 3000);

render(
  <I18nProvider>
    <App />
  </I18nProvider>,
  document.getElementById('app')!,
);
