// First run, in three short steps: what the service needs and why; the sensitive categories,
// each with its own unticked box (separate consent, PIPL Art. 29); the optional purposes last.
// The choices go to the server in one round trip (grantConsents), then the card is linked.
import { useMemo, useState } from 'preact/hooks';
import type { GrantConsentInput, PrivacyNoticeQuery } from '../../gql/graphql';
import { ConsentCentreDocument, PrivacyNoticeDocument } from '../../gql/graphql';
import { apiLocale, categoryName, useI18n } from '../../i18n/i18n';
import { grantConsents } from '../../platform/consent/consent-actions';
import { grantedKeys, grantKey, recipientTypeFor, sensitive } from '../../platform/consent/grants';
import { Link, navigate } from '../../platform/navigation';
import { useQuery } from '../../platform/query-store';
import { InstallOfferCard } from '../../platform/ui/install-offer';
import { PageTitle, QueryBody } from '../../platform/ui/components';
import { useSubmission } from '../../platform/ui/use-submission';
import { useInstallOffer } from '../../platform/install';

type Notice = PrivacyNoticeQuery['privacyNotice'];
type NoticePurpose = Notice['purposes'][number];

/** Purposes asked for on the last step: optional ones the person can agree to here. */
const NOT_ASKED_HERE = new Set(['SERVICE', 'PARTNER_SHARING', 'LOCAL_CACHE']);

/** What one purpose's tick grants on the last step: its optional, non-sensitive categories. */
function optionalPlainCategories(p: NoticePurpose): string[] {
  return p.categories.filter((c) => !sensitive(c) && !p.necessaryCategories.includes(c.id)).map((c) => c.id);
}

/** The grants for what the person ticked (each sensitive category a grant of its own). */
export function grantsFor(notice: Notice, ticked: ReadonlySet<string>, already: ReadonlySet<string>): GrantConsentInput[] {
  const out: GrantConsentInput[] = [];
  const add = (purpose: NoticePurpose, categories: string[]) => {
    const fresh = categories.filter((c) => !already.has(grantKey(purpose.purpose, recipientTypeFor(purpose.purpose), null, c)));
    if (fresh.length) out.push({ noticeVersion: notice.version, purpose: purpose.purpose, recipient: { type: recipientTypeFor(purpose.purpose), partnerId: null }, categories: fresh as GrantConsentInput['categories'] });
  };
  for (const p of notice.purposes) {
    if (p.purpose === 'SERVICE') {
      for (const c of p.categories) if (sensitive(c) && ticked.has(`SERVICE:${c.id}`)) add(p, [c.id]);
      add(p, p.categories.filter((c) => !sensitive(c) && ticked.has(`SERVICE:${c.id}`)).map((c) => c.id));
    } else if (ticked.has(p.purpose)) {
      add(p, optionalPlainCategories(p));
    }
  }
  return out;
}

function Steps(props: { step: number; total: number }) {
  const { t } = useI18n();
  return (
    <p class="steps" aria-label={t.onboarding.stepOf(props.step, props.total)}>
      {Array.from({ length: props.total }, (_, i) => (
        <span key={i} class={i < props.step ? 'step done' : 'step'} aria-hidden="true" />
      ))}
      <span class="muted small">{t.onboarding.stepOf(props.step, props.total)}</span>
    </p>
  );
}

function Tick(props: { id: string; checked: boolean; disabled?: boolean; onChange: (v: boolean) => void; title: string; body?: string; badge?: string }) {
  return (
    <li class="tick-row">
      <input id={props.id} type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.checked)} aria-describedby={props.body ? `${props.id}-d` : undefined} />
      <label for={props.id}>
        <strong>{props.title}</strong>
        {props.badge && <span class="badge badge-sensitive">{props.badge}</span>}
        {props.body && (
          <span class="hint block" id={`${props.id}-d`}>
            {props.body}
          </span>
        )}
      </label>
    </li>
  );
}

export function OnboardingPage() {
  const { t, locale } = useI18n();
  const notice = useQuery(PrivacyNoticeDocument, { locale: apiLocale(locale) });
  const consents = useQuery(ConsentCentreDocument);
  const [step, setStep] = useState(1);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState(false);
  const submission = useSubmission();
  const offer = useInstallOffer();
  const already = useMemo(() => grantedKeys(consents.data?.me?.consents?.grants ?? []), [consents.data]);
  const TOTAL = 3;

  const set = (key: string, on: boolean) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const isGranted = (purpose: string, category: string) => already.has(grantKey(purpose, recipientTypeFor(purpose as never), null, category));

  const next = (to: number) => {
    setStep(to);
    // The new step's heading takes focus, so a screen reader starts at the top of it.
    requestAnimationFrame(() => document.getElementById('onboarding-step')?.focus());
  };
  const finish = (n: Notice) =>
    submission.run(async () => {
      await grantConsents(grantsFor(n, ticked, already));
      if (offer.kind === 'prompt' || offer.kind === 'ios') setDone(true);
      else navigate('/link-card');
    });

  if (done) {
    return (
      <div class="narrow">
        <PageTitle>{t.onboarding.doneTitle}</PageTitle>
        <p>{t.onboarding.doneBody}</p>
        <InstallOfferCard />
        <button type="button" class="primary block" onClick={() => navigate('/link-card')}>
          {t.onboarding.toCard}
        </button>
      </div>
    );
  }

  return (
    <div class="narrow">
      <PageTitle>{t.onboarding.title}</PageTitle>
      <QueryBody state={notice} skeletonLines={6}>
        {(data) => {
          const n = data.privacyNotice;
          const service = n.purposes.find((p) => p.purpose === 'SERVICE');
          if (!service) return null;
          const name = (id: string, fromNotice?: string) => categoryName(t, id, fromNotice);
          const sensitiveCats = service.categories.filter((c) => sensitive(c));
          const plainOptional = service.categories.filter((c) => !sensitive(c) && !service.necessaryCategories.includes(c.id));
          const optionalPurposes = n.purposes.filter((p) => !NOT_ASKED_HERE.has(p.purpose) && !p.necessary && optionalPlainCategories(p).length > 0);
          const local = n.purposes.find((p) => p.purpose === 'LOCAL_CACHE');
          return (
            <section aria-labelledby="onboarding-step" class="onboarding">
              <Steps step={step} total={TOTAL} />
              {step === 1 && (
                <>
                  <h2 id="onboarding-step" tabIndex={-1}>
                    {t.onboarding.needsTitle}
                  </h2>
                  <p>{t.onboarding.needsBody}</p>
                  <ul class="plain-list">
                    {service.necessaryCategories.map((id) => (
                      <li key={id}>{name(id, service.categories.find((c) => c.id === id)?.name)}</li>
                    ))}
                  </ul>
                  <p class="muted small">{t.onboarding.needsWhy(service.name)}</p>
                  <p class="muted small">
                    {t.onboarding.noticeLink}{' '}
                    <Link href={`/privacy/notice/${n.version}`}>{n.title}</Link>
                  </p>
                  <button type="button" class="primary block" onClick={() => next(2)}>
                    {t.onboarding.next}
                  </button>
                </>
              )}
              {step === 2 && (
                <>
                  <h2 id="onboarding-step" tabIndex={-1}>
                    {t.onboarding.sensitiveTitle}
                  </h2>
                  <p>{t.onboarding.sensitiveBody}</p>
                  <ul class="tick-list" data-testid="onboarding-sensitive">
                    {sensitiveCats.map((c) => (
                      <Tick
                        key={c.id}
                        id={`ob-s-${c.id}`}
                        title={name(c.id, c.name)}
                        badge={t.consent.sensitive}
                        body={t.onboarding.sensitiveWhat[c.id as keyof typeof t.onboarding.sensitiveWhat] ?? ''}
                        checked={isGranted('SERVICE', c.id) || ticked.has(`SERVICE:${c.id}`)}
                        disabled={isGranted('SERVICE', c.id)}
                        onChange={(v) => set(`SERVICE:${c.id}`, v)}
                      />
                    ))}
                  </ul>
                  <p class="muted small">{t.onboarding.sensitiveLater}</p>
                  <div class="step-actions">
                    <button type="button" class="primary block" onClick={() => next(3)}>
                      {t.onboarding.next}
                    </button>
                    <button type="button" class="block" onClick={() => next(1)}>
                      {t.onboarding.back}
                    </button>
                  </div>
                </>
              )}
              {step === 3 && (
                <>
                  <h2 id="onboarding-step" tabIndex={-1}>
                    {t.onboarding.optionalTitle}
                  </h2>
                  <p>{t.onboarding.optionalBody}</p>
                  <div data-testid="onboarding-optional">
                  <h3>{t.onboarding.servicePartTitle}</h3>
                  <ul class="tick-list">
                    {plainOptional.map((c) => (
                      <Tick
                        key={c.id}
                        id={`ob-o-${c.id}`}
                        title={name(c.id, c.name)}
                        body={t.onboarding.serviceWhat[c.id as keyof typeof t.onboarding.serviceWhat]}
                        checked={isGranted('SERVICE', c.id) || ticked.has(`SERVICE:${c.id}`)}
                        disabled={isGranted('SERVICE', c.id)}
                        onChange={(v) => set(`SERVICE:${c.id}`, v)}
                      />
                    ))}
                  </ul>
                  <h3>{t.onboarding.otherPurposesTitle}</h3>
                  <ul class="tick-list">
                    {local && (
                      <Tick
                        id="ob-p-LOCAL_CACHE"
                        title={local.name}
                        body={t.onboarding.localCacheBody}
                        checked={ticked.has('LOCAL_CACHE')}
                        onChange={(v) => set('LOCAL_CACHE', v)}
                      />
                    )}
                    {optionalPurposes.map((p) => (
                      <Tick
                        key={p.purpose}
                        id={`ob-p-${p.purpose}`}
                        title={p.name}
                        body={`${p.description} ${t.consent.categories}：${optionalPlainCategories(p).map((c) => name(c)).join(t.app.listSep)}`}
                        checked={ticked.has(p.purpose)}
                        onChange={(v) => set(p.purpose, v)}
                      />
                    ))}
                  </ul>
                  </div>
                  <p class="muted small">{t.onboarding.optionalLater}</p>
                  {submission.error && (
                    <p class="error" role="alert">
                      {submission.error}
                    </p>
                  )}
                  <div class="step-actions">
                    <button type="button" class="primary block" disabled={submission.busy} onClick={() => void finish(n)} data-testid="onboarding-finish">
                      {submission.busy ? t.onboarding.saving : t.onboarding.finish}
                    </button>
                    <button type="button" class="block" onClick={() => next(2)}>
                      {t.onboarding.back}
                    </button>
                  </div>
                </>
              )}
            </section>
          );
        }}
      </QueryBody>
    </div>
  );
}
