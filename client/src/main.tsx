import { render } from 'preact';
import { App } from './app/app';
import { startCacheSync } from './app/cache-sync';
import { startCollector } from './app/collector';
import { I18nProvider } from './i18n/i18n';
import './styles/app.css';

startCacheSync();
startCollector();

render(
  <I18nProvider>
    <App />
  </I18nProvider>,
  document.getElementById('app')!,
);
