// Purpose names as the privacy notice words them (one source for every screen): the server's
// notice query, shared through the query store; until it answers, the catalogue's copy of the
// same words (a unit test keeps the two equal).
import { PrivacyNoticeDocument } from '../../gql/graphql';
import { apiLocale, labelFor, useI18n } from '../../i18n/i18n';
import { useQuery } from '../query-store';

export function usePurposeName(): (purpose: string) => string {
  const { t, locale } = useI18n();
  const notice = useQuery(PrivacyNoticeDocument, { locale: apiLocale(locale) });
  const names = new Map((notice.data?.privacyNotice.purposes ?? []).map((p) => [p.purpose as string, p.name]));
  return (purpose) => names.get(purpose) ?? labelFor(t.purpose, purpose);
}
