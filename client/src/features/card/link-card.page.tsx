// The person's card: which one is linked (masked by the server) and when its data was fetched,
// 「刷新社保数据」 with the query password, and linking a card — a different one only after a
// confirmation that says what it replaces (the server insists on `replace: true` as well).
import { CARD_QUERY_PASSWORD, normaliseCardNumber } from '@shebao/vocabulary';
import { useState } from 'preact/hooks';
import { CardStatusDocument, LinkSocialInsuranceCardDocument, RefreshSocialInsuranceDataDocument, type CardStatusQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { mutate } from '../../platform/graphql-client';
import { formatDateTime } from '../../platform/format';
import { Field, Notice, PageTitle, QueryBody } from '../../platform/ui/components';
import { BusyButton } from '../../platform/ui/busy-button';
import { useSubmission } from '../../platform/ui/use-submission';
import { refetchAll, useQuery } from '../../platform/query-store';
import { Link, navigate } from '../../platform/navigation';
import { ConfirmDialog } from './confirm-dialog';
import './card.css';

type Card = NonNullable<NonNullable<CardStatusQuery['me']>['linkedCard']>;

function QueryPasswordField(props: { value: string; onValue: (v: string) => void; error: string | null }) {
  const { t } = useI18n();
  return (
    <Field
      label={t.linkCard.queryPassword}
      error={props.error}
      type="password"
      inputMode="numeric"
      maxLength={6}
      name="card-query-password"
      autocomplete="off"
      required
      value={props.value}
      onInput={(e) => props.onValue(e.currentTarget.value)}
    />
  );
}

function LinkedCardSection(props: { card: Card }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = useSubmission();
  const { card } = props;

  const submit = async (event: Event) => {
    event.preventDefault();
    const ok = CARD_QUERY_PASSWORD.test(password);
    setPasswordError(ok ? null : t.linkCard.queryPasswordInvalid);
    if (!ok) return;
    setDone(null);
    await refresh.run(async () => {
      const data = await mutate(RefreshSocialInsuranceDataDocument, { queryPassword: password });
      setPassword('');
      setOpen(false);
      setDone(t.linkCard.refreshed(formatDateTime(locale, data.refreshSocialInsuranceData?.linkedCard?.refreshedAt)));
      refetchAll();
    });
  };

  return (
    <section class="card linked-card" aria-labelledby="linked-h" data-testid="linked-card">
      <h2 id="linked-h">{t.linkCard.current}</h2>
      <p class="card-number" data-testid="masked-card">
        {card.maskedNumber}
      </p>
      <dl class="card-facts">
        <div>
          <dt>{t.linkCard.linkedAt}</dt>
          <dd>{formatDateTime(locale, card.linkedAt)}</dd>
        </div>
        <div>
          <dt>{t.linkCard.refreshedAt}</dt>
          <dd data-testid="refreshed-at">{formatDateTime(locale, card.refreshedAt)}</dd>
        </div>
      </dl>
      {open ? (
        <form onSubmit={submit} noValidate class="refresh-form">
          <p class="hint">{t.linkCard.refreshIntro}</p>
          <QueryPasswordField value={password} onValue={setPassword} error={passwordError} />
          <div class="button-row">
            <BusyButton busy={refresh.busy} class="primary">
              {refresh.busy ? t.linkCard.refreshing : t.linkCard.refreshSubmit}
            </BusyButton>
            <button type="button" onClick={() => setOpen(false)}>
              {t.app.cancel}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" class="primary block" onClick={() => setOpen(true)}>
          {t.linkCard.refresh}
        </button>
      )}
      <div aria-live="polite">
        {refresh.error && <Notice kind="error">{refresh.error}</Notice>}
        {done && <Notice kind="success">{done}</Notice>}
      </div>
    </section>
  );
}

function LinkForm(props: { current: Card | null }) {
  const { t } = useI18n();
  const [cardNumber, setCardNumber] = useState('');
  const [queryPassword, setQueryPassword] = useState('');
  const [cardError, setCardError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submission = useSubmission();
  const { current } = props;

  const link = (card: string, replace: boolean) =>
    submission.run(async () => {
      const data = await mutate(LinkSocialInsuranceCardDocument, { cardNumber: card, queryPassword, replace });
      setQueryPassword('');
      setCardNumber('');
      refetchAll();
      if (current) setDone(t.linkCard.replaced(data.linkSocialInsuranceCard?.linkedCard?.maskedNumber ?? ''));
      else navigate('/');
    });

  const submit = async (event: Event) => {
    event.preventDefault();
    const card = normaliseCardNumber(cardNumber);
    const passwordOk = CARD_QUERY_PASSWORD.test(queryPassword);
    setCardError(card ? null : t.linkCard.cardInvalid);
    setPasswordError(passwordOk ? null : t.linkCard.queryPasswordInvalid);
    setDone(null);
    if (!card || !passwordOk) return;
    // Another card replaces everything the linked one brought: ask first.
    if (current) setConfirming(card);
    else await link(card, false);
  };

  return (
    <section class="card" aria-labelledby="link-h">
      <h2 id="link-h">{current ? t.linkCard.replaceTitle : t.linkCard.title}</h2>
      <p>{current ? t.linkCard.replaceIntro : t.linkCard.intro}</p>
      <form onSubmit={submit} noValidate>
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
        <QueryPasswordField value={queryPassword} onValue={setQueryPassword} error={passwordError} />
        <div aria-live="polite">
          {submission.error && <Notice kind="error">{submission.error}</Notice>}
          {done && <Notice kind="success">{done}</Notice>}
        </div>
        <BusyButton busy={submission.busy} class={current ? 'block' : 'primary block'}>
          {current ? t.linkCard.replaceSubmit : t.linkCard.submit}
        </BusyButton>
        {!current && (
          <p class="skip">
            <Link href="/">{t.linkCard.skip}</Link>
          </p>
        )}
      </form>
      {confirming && current && (
        <ConfirmDialog
          title={t.linkCard.replaceConfirmTitle}
          confirm={t.linkCard.replaceConfirm}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const card = confirming;
            setConfirming(null);
            void link(card, true);
          }}
        >
          <p>{t.linkCard.replaceConfirmBody(current.maskedNumber)}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

export function LinkCardPage() {
  const { t } = useI18n();
  const status = useQuery(CardStatusDocument);
  return (
    <div class="narrow card-page">
      <PageTitle>{status.data?.me?.linkedCard ? t.linkCard.manageTitle : t.linkCard.title}</PageTitle>
      {status.loading && status.data == null ? (
        <div class="card skeleton" role="status" aria-label={t.app.loading} />
      ) : (
        <QueryBody state={status}>
          {(data) => {
            const card = data.me?.linkedCard ?? null;
            return (
              <>
                {card && <LinkedCardSection card={card} />}
                <LinkForm current={card} />
              </>
            );
          }}
        </QueryBody>
      )}
      <p class="muted small">{t.linkCard.simulatorNote}</p>
    </div>
  );
}
