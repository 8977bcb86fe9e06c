// The consent screen of a partner's authorization request (/authorize/<uid>). It names the
// partner, its contact and purposes, how long access lasts and each requested category in the
// notice's own words. Sensitive categories are separate choices, unticked; the person may grant
// fewer categories and a shorter time than asked, or refuse. Not signed in: sign in first, here.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { PrivacyNoticeDocument } from '../../gql/graphql';
import { apiLocale, categoryName, useI18n } from '../../i18n/i18n';
import { useQuery } from '../../platform/query-store';
import { Notice, PageTitle } from '../../platform/ui/components';
import type { DataCategory, InteractionConsent } from '@shebao/vocabulary';
import { answerInteraction, interactionDetails, InteractionFailure, type InteractionDetails } from './interaction-api';

/** A checkbox and its words side by side, the words wrapping beside the box, not under it. */
const CHOICE_STYLE = { flexWrap: 'nowrap', alignItems: 'flex-start' } as const;

/** Durations offered, in days; the partner's longest grant is always one of them. */
const DURATIONS_DAYS = [1, 7, 30, 90, 180, 365];
const DEFAULT_DAYS = 30;

type Load = { status: 'loading' } | { status: 'ready'; details: InteractionDetails } | { status: 'failed'; code: string };

function durationsUpTo(maxDays: number): number[] {
  return [...new Set([...DURATIONS_DAYS.filter((d) => d < maxDays), maxDays])];
}

/** `signIn`: the sign-in form (from the shell), calling `done` once the person is signed in. */
export function AuthorizePage(props: { uid: string; signIn: (done: () => void) => ComponentChildren }) {
  const { t, locale } = useI18n();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [chosen, setChosen] = useState<Set<DataCategory>>(new Set());
  const [days, setDays] = useState(DEFAULT_DAYS);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const notice = useQuery(PrivacyNoticeDocument, { locale: apiLocale(locale) });

  const reload = () => {
    setLoad({ status: 'loading' });
    interactionDetails(props.uid).then(
      (details) => {
        // What the partner asked for, except the sensitive categories: those the person ticks themself.
        setChosen(new Set(details.requestedCategories.filter((c) => !c.sensitive).map((c) => c.category)));
        setDays(Math.min(DEFAULT_DAYS, details.maxDays));
        setLoad({ status: 'ready', details });
      },
      (error: unknown) => setLoad({ status: 'failed', code: error instanceof InteractionFailure ? error.code : 'server_error' }),
    );
  };
  useEffect(reload, [props.uid]);

  if (load.status === 'loading') return <p class="muted" role="status">{t.app.loading}</p>;
  if (load.status === 'failed') {
    return (
      <div class="narrow">
        <PageTitle>{t.authorize.unavailableTitle}</PageTitle>
        <Notice kind="error">{load.code === 'network' ? t.authorize.offline : t.authorize.unavailable}</Notice>
      </div>
    );
  }

  const { details } = load;
  const pick = (texts: { zh: string; en: string }) => (locale === 'en' ? texts.en : texts.zh);
  const partnerName = pick(details.partner.name);

  if (!details.signedIn) {
    return (
      <div>
        <Notice>{t.authorize.signInFirst(partnerName)}</Notice>
        {props.signIn(reload)}
      </div>
    );
  }

  const noticeNames = new Map(
    notice.data?.privacyNotice?.purposes.find((p) => p.purpose === details.purpose)?.categories.map((c) => [c.id, c.name] as const) ?? [],
  );
  const nameOf = (category: string) => categoryName(t, category, noticeNames.get(category));
  const plain = details.requestedCategories.filter((c) => !c.sensitive);
  const sensitive = details.requestedCategories.filter((c) => c.sensitive);
  const toggle = (category: DataCategory, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(category);
    else next.delete(category);
    setChosen(next);
  };

  const answer = async (response: InteractionConsent | 'refuse') => {
    setBusy(true);
    setFailure(null);
    try {
      const { redirectTo } = await answerInteraction(details.uid, response);
      // Back to the partner, through the authorization server (a full navigation, not in-app).
      location.assign(redirectTo);
    } catch (error) {
      setBusy(false);
      setFailure(error instanceof InteractionFailure && error.code === 'network' ? t.authorize.offline : t.authorize.unavailable);
    }
  };

  return (
    <div class="narrow">
      <PageTitle>{t.authorize.title(partnerName)}</PageTitle>
      <section class="card" aria-labelledby="authorize-partner">
        <h2 id="authorize-partner">{t.authorize.aboutPartner}</h2>
        <p>{pick(details.partner.description)}</p>
        {details.partner.contact && (
          <p class="small">
            {t.authorize.contact}:{' '}
            {details.partner.contact.includes('@') ? <a href={`mailto:${details.partner.contact}`}>{details.partner.contact}</a> : <a href={details.partner.contact}>{details.partner.contact}</a>}
          </p>
        )}
        <h3>{t.authorize.purposes}</h3>
        <ul>
          {details.partner.purposes.map((p) => (
            <li key={p.zh}>{pick(p)}</li>
          ))}
        </ul>
      </section>

      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (chosen.size > 0) void answer({ categories: [...chosen], days });
        }}
      >
        {plain.length > 0 && (
          <fieldset class="card">
            <legend>{t.authorize.categories}</legend>
            {plain.map((c) => (
              <label class="row" style={CHOICE_STYLE} key={c.category}>
                <input type="checkbox" name="category" value={c.category} checked={chosen.has(c.category)} onChange={(e) => toggle(c.category, e.currentTarget.checked)} />
                <span>{nameOf(c.category)}</span>
              </label>
            ))}
          </fieldset>
        )}
        {sensitive.map((c) => (
          <fieldset class="card" key={c.category} aria-describedby={`sensitive-${c.category}`}>
            <legend>{nameOf(c.category)}</legend>
            <p id={`sensitive-${c.category}`} class="small">
              <span class="badge badge-sensitive" style={{ marginLeft: 0, marginRight: '.35rem' }}>
                {t.consent.sensitive}
              </span>
              {t.authorize.sensitiveExplained(nameOf(c.category), partnerName)}
            </p>
            <label class="row" style={CHOICE_STYLE}>
              <input type="checkbox" name="category" value={c.category} checked={chosen.has(c.category)} onChange={(e) => toggle(c.category, e.currentTarget.checked)} />
              <span>{t.authorize.sensitiveAgree(nameOf(c.category))}</span>
            </label>
          </fieldset>
        ))}

        <div class="card">
          <div class="field">
            <label for="authorize-days">{t.authorize.duration}</label>
            <select id="authorize-days" value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))} aria-describedby="authorize-days-hint">
              {durationsUpTo(details.maxDays).map((d) => (
                <option key={d} value={String(d)}>
                  {t.authorize.days(d)}
                </option>
              ))}
            </select>
            <p class="hint" id="authorize-days-hint">
              {t.authorize.durationHint(details.maxDays)}
            </p>
          </div>
          <p class="small muted">{t.authorize.withdrawAnyTime}</p>
        </div>

        {failure && <Notice kind="error">{failure}</Notice>}
        {chosen.size === 0 && <p class="small muted">{t.authorize.chooseOne}</p>}
        <div class="row">
          <button type="submit" class="primary" disabled={busy || chosen.size === 0}>
            {t.authorize.agree(chosen.size)}
          </button>
          <button type="button" disabled={busy} onClick={() => void answer('refuse')}>
            {t.authorize.refuse}
          </button>
        </div>
      </form>
    </div>
  );
}
