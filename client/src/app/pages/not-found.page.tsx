import { useI18n } from '../../i18n/i18n';
import { PageTitle } from '../components/ui';
import { Link } from '../router';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div>
      <PageTitle>{t.notFound.title}</PageTitle>
      <Link href="/">{t.notFound.home}</Link>
    </div>
  );
}
