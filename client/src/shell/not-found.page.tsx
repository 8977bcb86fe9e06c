import { useI18n } from '../i18n/i18n';
import { PageTitle } from '../platform/ui/components';
import { Link } from '../platform/navigation';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div>
      <PageTitle>{t.notFound.title}</PageTitle>
      <Link href="/">{t.notFound.home}</Link>
    </div>
  );
}
