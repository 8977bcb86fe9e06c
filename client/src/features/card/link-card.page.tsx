import { CARD_QUERY_PASSWORD, normaliseCardNumber } from '@shebao/vocabulary';
import { useState } from 'preact/hooks';
import { CardStatusDocument, LinkSocialInsuranceCardDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { mutate } from '../../platform/graphql-client';
import { Field, Notice, PageTitle } from '../../platform/ui/components';
import { useSubmission } from '../../platform/ui/use-submission';
import { mask } from '../../platform/format';
import { refetchAll, useQuery } from '../../platform/query-store';
import { Link, navigate } from '../../platform/navigation';

export function LinkCardPage() {
  const { t } = useI18n();
  const status = useQuery(CardStatusDocument);
  const [cardNumber, setCardNumber] = useState('');
  const [queryPassword, setQueryPassword] = useState('');
  const [cardError, setCardError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const submission = useSubmission();
  const linked = status.data?.me?.documents?.cardNumber;

  const submit = async (event: Event) => {
    event.preventDefault();
    const card = normaliseCardNumber(cardNumber);
    const passwordOk = CARD_QUERY_PASSWORD.test(queryPassword);
    setCardError(card ? null : t.linkCard.cardInvalid);
    setPasswordError(passwordOk ? null : t.linkCard.queryPasswordInvalid);
    if (!card || !passwordOk) return;
    await submission.run(async () => {
      await mutate(LinkSocialInsuranceCardDocument, { cardNumber: card, queryPassword });
      setQueryPassword('');
      refetchAll();
      navigate('/');
    });
  };

  return (
    <div class="narrow">
      <PageTitle>{t.linkCard.title}</PageTitle>
      {linked && <Notice kind="success">{t.linkCard.linked(mask(linked))}</Notice>}
      <p>{t.linkCard.intro}</p>
      <form class="card" onSubmit={submit} noValidate>
        <Field
          label={t.linkCard.cardNumber}
          hint={t.linkCard.cardHint}
          error={cardError}
          name="card-number"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          required
          maxLength={9}
          value={cardNumber}
          onInput={(e) => setCardNumber(e.currentTarget.value)}
        />
        <Field
          label={t.linkCard.queryPassword}
          error={passwordError}
          type="password"
          inputMode="numeric"
          name="card-query-password"
          autocomplete="off"
          required
          value={queryPassword}
          onInput={(e) => setQueryPassword(e.currentTarget.value)}
        />
        {submission.error && <Notice kind="error">{submission.error}</Notice>}
        <div class="row">
          <button type="submit" class="primary" disabled={submission.busy}>
            {t.linkCard.submit}
          </button>
          <Link href="/">{t.linkCard.skip}</Link>
        </div>
      </form>
      <p class="muted small">{t.linkCard.simulatorNote}</p>
    </div>
  );
}
