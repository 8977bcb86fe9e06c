// The operator console's entry (operator/index.html): its own chunk, never precached by the PWA's
// service worker, never registering one, keeping nothing in web storage or IndexedDB.
import { render } from 'preact';
import { Console } from './console';
import { ConsoleI18n } from './i18n';
import './operator.css';

render(
  <ConsoleI18n>
    <Console />
  </ConsoleI18n>,
  document.getElementById('console')!,
);
