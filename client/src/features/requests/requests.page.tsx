// 我的权利: file a request about your data and follow it against its deadline, download a
// prepared copy, let support see chosen data for a while, read breach notices and disclosures,
// close the account. Reached from the account page.
import { useState } from 'preact/hooks';
import { ALL_CATEGORIES, SUPPORT_ACCESS_MAX_HOURS, type DataCategory, type DataRequestKind } from '@shebao/vocabulary';
import { FileDataRequestDocument, LiftRestrictionDocument, MarkBreachNoticeReadDocument, MyRightsDocument, OpenSupportRequestDocument, RevokeSupportRequestDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { mutate } from '../../platform/graphql-client';
import { formatDateTime } from '../../platform/format';
import { navigate } from '../../platform/navigation';
import { useQuery } from '../../platform/query-store';
import { failureMessage, Field, Notice, PageTitle, QueryBody } from '../../platform/ui/components';
import { useSubmission } from '../../platform/ui/use-submission';
import { closeAccount, downloadExport } from './requests.actions';
import { rightsStrings } from './requests.i18n';

/** What the server is configured with by default; the deadline itself comes with each request. */
const DEADLINE_WORKING_DAYS = 15;
const ERASURE_DAYS = 15;
const FILED_KINDS: Exclude<DataRequestKind, 'CLOSURE'>[] = ['EXPORT', 'TRANSFER', 'CORRECTION', 'RESTRICTION', 'DELETION'];
const NEEDS_CATEGORIES = new Set<DataRequestKind>(['CORRECTION', 'RESTRICTION', 'DELETION']);
const SUPPORT_HOURS = [1, 24, SUPPORT_ACCESS_MAX_HOURS];

function CategoryChoices(props: { legend: string; name: string; chosen: Set<DataCategory>; onToggle: (c: DataCategory) => void }) {
  const { t } = useI18n();
  return (
    <fieldset class="field">
      <legend class="label">{props.legend}</legend>
      {ALL_CATEGORIES.map((c) => (
        <label key={c} class="choice">
          <input type="checkbox" name={props.name} checked={props.chosen.has(c)} onChange={() => props.onToggle(c)} />
          {t.category[c]}
        </label>
      ))}
    </fieldset>
  );
}

function toggled(set: Set<DataCategory>, c: DataCategory): Set<DataCategory> {
  const next = new Set(set);
  if (next.has(c)) next.delete(c);
  else next.add(c);
  return next;
}

export function RequestsPage() {
  const { t, locale } = useI18n();
  const s = rightsStrings[locale];
  const rights = useQuery(MyRightsDocument);
  const [kind, setKind] = useState<Exclude<DataRequestKind, 'CLOSURE'>>('EXPORT');
  const [categories, setCategories] = useState<Set<DataCategory>>(new Set());
  const [note, setNote] = useState('');
  const [filed, setFiled] = useState(false);
  const filing = useSubmission();
  const [supportCategories, setSupportCategories] = useState<Set<DataCategory>>(new Set());
  const [hours, setHours] = useState(24);
  const [reference, setReference] = useState<string | null>(null);
  const support = useSubmission();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const closing = useSubmission();
  const lifting = useSubmission();

  const file = async (event: Event) => {
    event.preventDefault();
    setFiled(false);
    await filing.run(async () => {
      await mutate(FileDataRequestDocument, {
        input: { kind, categories: NEEDS_CATEGORIES.has(kind) ? [...categories] : null, note: note.trim() || null },
      });
      setFiled(true);
      setCategories(new Set());
      setNote('');
      await rights.refetch();
    });
  };

  const openSupport = async (event: Event) => {
    event.preventDefault();
    await support.run(async () => {
      const opened = await mutate(OpenSupportRequestDocument, { input: { categories: [...supportCategories], hours } });
      setReference(opened.openSupportRequest.reference);
      setSupportCategories(new Set());
      await rights.refetch();
    });
  };

  const lift = async (id: string) => {
    await lifting.run(async () => {
      await mutate(LiftRestrictionDocument, { id });
      await rights.refetch();
    });
  };

  const close = async (event: Event) => {
    event.preventDefault();
    if (!password || !window.confirm(s.closeConfirm)) return;
    await closing.run(async () => {
      await closeAccount(password);
      navigate('/sign-in', { replace: true });
    });
  };

  const day = (iso: string) => formatDateTime(locale, iso);
  // A deadline is the end of a Beijing working day: show that day, wherever the phone is.
  const dueDay = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', dateStyle: 'medium' }).format(new Date(iso));

  return (
    <div>
      <PageTitle>{s.title}</PageTitle>
      <p class="muted">{s.intro(DEADLINE_WORKING_DAYS)}</p>

      <section class="card" aria-labelledby="file-h">
        <h2 id="file-h">{s.fileTitle}</h2>
        <form onSubmit={file}>
          <fieldset class="field">
            <legend class="label">{s.kindLegend}</legend>
            {FILED_KINDS.map((k) => (
              <label key={k} class="choice">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {s.kinds[k]}
              </label>
            ))}
            <p class="hint">{s.kindHints[kind]}</p>
          </fieldset>
          {NEEDS_CATEGORIES.has(kind) && <CategoryChoices legend={s.categoriesLegend} name="request-categories" chosen={categories} onToggle={(c) => setCategories(toggled(categories, c))} />}
          {kind !== 'EXPORT' && kind !== 'TRANSFER' && (
            <div class="field">
              <label for="request-note">{s.note}</label>
              <textarea id="request-note" rows={3} maxLength={1000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            </div>
          )}
          {filing.error && <Notice kind="error">{filing.error}</Notice>}
          {filed && <Notice kind="success">{s.filed}</Notice>}
          <button type="submit" class="primary" disabled={filing.busy || (NEEDS_CATEGORIES.has(kind) && categories.size === 0)}>
            {s.submit}
          </button>
        </form>
      </section>

      <section class="card" aria-labelledby="list-h">
        <h2 id="list-h">{s.listTitle}</h2>
        {downloadError && <Notice kind="error">{downloadError}</Notice>}
        {lifting.error && <Notice kind="error">{lifting.error}</Notice>}
        <QueryBody state={rights}>
          {(data) =>
            data.me?.dataRequests?.length ? (
              <ul class="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {data.me.dataRequests.map((r) => (
                  <li key={r.id} class="card" style={{ marginBottom: 0 }}>
                    <div class="spread">
                      <strong>{s.kinds[r.kind]}</strong>
                      <span>
                        <span class={`badge ${r.status === 'COMPLETED' ? 'badge-granted' : r.status === 'REJECTED' ? 'badge-sensitive' : 'badge-pending'}`}>{s.status[r.status]}</span>
                        {r.deadline && r.deadline !== 'ON_TIME' && <span class="badge badge-sensitive">{s.deadline[r.deadline]}</span>}
                        {r.restricting && <span class="badge badge-pending">{s.restricting}</span>}
                      </span>
                    </div>
                    {r.categories.length > 0 && <p class="small">{r.categories.map((c) => t.category[c as DataCategory] ?? c).join(t.app.listSep)}</p>}
                    <dl class="facts small">
                      <dt>{s.received}</dt>
                      <dd>{day(r.receivedAt)}</dd>
                      <dt>{s.due}</dt>
                      <dd>{dueDay(r.dueAt)}</dd>
                      {r.liftedAt && (
                        <>
                          <dt>{s.lift}</dt>
                          <dd>{s.liftedOn(day(r.liftedAt))}</dd>
                        </>
                      )}
                      {r.answer && (
                        <>
                          <dt>{s.answer}</dt>
                          <dd>{r.answer}</dd>
                        </>
                      )}
                    </dl>
                    {r.restricting && (
                      <p>
                        <button type="button" onClick={() => void lift(r.id)} disabled={lifting.busy}>
                          {s.lift}
                        </button>
                      </p>
                    )}
                    {r.downloadableUntil && (
                      <p class="row">
                        <button type="button" class="primary" onClick={() => void downloadExport(r.id).then(() => setDownloadError(null), (e: unknown) => setDownloadError(failureMessage(t, e)))}>
                          {s.download}
                        </button>
                        <span class="small muted">{s.downloadUntil(day(r.downloadableUntil))}</span>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{s.none}</p>
            )
          }
        </QueryBody>
      </section>

      <section class="card" aria-labelledby="support-h">
        <h2 id="support-h">{s.supportTitle}</h2>
        <p class="small">{s.supportBody}</p>
        {reference && (
          <Notice kind="success">
            {s.reference} <strong style={{ fontSize: '1.4rem', letterSpacing: '.15em' }}>{reference}</strong>
          </Notice>
        )}
        <form onSubmit={openSupport}>
          <CategoryChoices legend={s.supportCategories} name="support-categories" chosen={supportCategories} onToggle={(c) => setSupportCategories(toggled(supportCategories, c))} />
          <div class="field">
            <label for="support-hours">{s.hours}</label>
            <select id="support-hours" value={hours} onChange={(e) => setHours(Number(e.currentTarget.value))}>
              {SUPPORT_HOURS.map((h) => (
                <option key={h} value={h}>
                  {s.hoursOption(h)}
                </option>
              ))}
            </select>
          </div>
          {support.error && <Notice kind="error">{support.error}</Notice>}
          <button type="submit" disabled={support.busy || supportCategories.size === 0}>
            {s.openSupport}
          </button>
        </form>
        <QueryBody state={rights}>
          {(data) => (
            <ul style={{ paddingLeft: '1.1rem' }}>
              {(data.me?.supportRequests ?? []).map((g) => (
                <li key={g.id} class="small">
                  {g.categories.map((c) => t.category[c as DataCategory] ?? c).join(t.app.listSep)} — {g.active ? s.activeUntil(day(g.expiresAt)) : s.ended}{' '}
                  {g.active && (
                    <button type="button" class="link-button" onClick={() => void mutate(RevokeSupportRequestDocument, { id: g.id }).then(() => rights.refetch())}>
                      {s.revoke}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </QueryBody>
      </section>

      <section class="card" aria-labelledby="breach-h">
        <h2 id="breach-h">{s.breachTitle}</h2>
        <QueryBody state={rights}>
          {(data) =>
            data.me?.breachNotices?.length ? (
              data.me.breachNotices.map((b) => (
                <article key={b.id} class={`notice ${b.readAt ? 'notice-info' : 'notice-warning'}`} aria-labelledby={`breach-${b.id}`}>
                  <h3 id={`breach-${b.id}`} style={{ marginTop: 0 }}>{b.summary}</h3>
                  <dl class="facts small">
                    <dt>{s.breach.categories}</dt>
                    <dd>{b.categories.map((c) => t.category[c as DataCategory] ?? c).join(t.app.listSep)}</dd>
                    <dt>{s.breach.cause}</dt>
                    <dd>{b.cause}</dd>
                    <dt>{s.breach.possibleHarm}</dt>
                    <dd>{b.possibleHarm}</dd>
                    <dt>{s.breach.remedies}</dt>
                    <dd>{b.remedies}</dd>
                    <dt>{s.breach.whatYouCanDo}</dt>
                    <dd>{b.whatYouCanDo}</dd>
                    <dt>{s.breach.contact}</dt>
                    <dd>{b.contact}</dd>
                  </dl>
                  {!b.readAt && (
                    <button type="button" onClick={() => void mutate(MarkBreachNoticeReadDocument, { id: b.id }).then(() => rights.refetch())}>
                      {s.markRead}
                    </button>
                  )}
                </article>
              ))
            ) : (
              <p class="muted">{s.breachNone}</p>
            )
          }
        </QueryBody>
      </section>

      <section class="card" aria-labelledby="disclosure-h">
        <h2 id="disclosure-h">{s.disclosureTitle}</h2>
        <QueryBody state={rights}>
          {(data) =>
            data.me?.disclosures?.length ? (
              <ul style={{ paddingLeft: '1.1rem' }}>
                {data.me.disclosures.map((d) => (
                  <li key={d.id} class="small">
                    {day(d.disclosedAt)}: {s.disclosureLine(d.authority, d.legalBasis)} — {d.categories.map((c) => t.category[c as DataCategory] ?? c).join(t.app.listSep)}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{s.disclosureNone}</p>
            )
          }
        </QueryBody>
      </section>

      <section class="card" aria-labelledby="close-h">
        <h2 id="close-h">{s.closeTitle}</h2>
        <p class="small">{s.closeBody(ERASURE_DAYS)}</p>
        <form onSubmit={close} style={{ margin: 0 }}>
          <Field label={s.closePassword} type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} error={closing.error} />
          <button type="submit" class="danger" disabled={closing.busy || !password}>
            {s.closeButton}
          </button>
        </form>
      </section>
    </div>
  );
}
