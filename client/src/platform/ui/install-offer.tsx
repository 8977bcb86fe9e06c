// 「安装到设备」: one tap where Chromium offers a prompt; on iOS Safari, the three steps of
// 「添加到主屏幕」; nothing when already installed or when the browser cannot install.
import { useI18n } from '../../i18n/i18n';
import { useInstallOffer } from '../install';
import { toast } from './toast';

export function InstallOfferCard() {
  const { t } = useI18n();
  const offer = useInstallOffer();
  if (offer.kind === 'none') return null;
  if (offer.kind === 'installed') return <p class="muted small">{t.install.installed}</p>;
  return (
    <section class="card install-card" aria-labelledby="install-h" data-testid="install-offer">
      <h2 id="install-h">{t.install.title}</h2>
      <p>{t.install.body}</p>
      {offer.kind === 'prompt' ? (
        <button
          type="button"
          class="block"
          onClick={() => void offer.install().then((ok) => ok && toast(t.install.installed))}
        >
          {t.install.button}
        </button>
      ) : (
        <ol class="ios-steps" data-testid="ios-install">
          {t.install.iosSteps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
