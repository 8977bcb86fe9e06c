// The console's pages for people's rights: the request queue (support, privacy officer), the
// support view under a person's reference (support), disclosures (privacy officer) and breach
// notices (security officer). Every call goes through /operator/graphql and is audited there.
import { useEffect, useState } from 'preact/hooks';
import { ALL_CATEGORIES, DATA_CATEGORIES, type DataCategory } from '@shebao/vocabulary';
import { run } from './api';
import { ErrorMessage } from './error-message';
import {
  AffectedCountDocument,
  AnswerRequestDocument,
  DisclosureRecordsDocument,
  IncidentsDocument,
  RecordBreachDocument,
  RecordDisclosureDocument,
  RequestQueueDocument,
  SendBreachNoticeDocument,
  SupportViewDocument,
  type DataRequestStatus,
  type DisclosureRecordsQuery,
  type IncidentsQuery,
  type RequestQueueQuery,
  type SupportViewQuery,
} from './gql/graphql';
import { useWords } from './i18n';
import { rightsWords } from './rights.i18n';
import { useAction } from './use-action';

function useRights() {
  const { locale } = useWords();
  const w = rightsWords[locale];
  const label = (c: string) => (c in DATA_CATEGORIES ? DATA_CATEGORIES[c as DataCategory][locale === 'en' ? 'en' : 'zh'] : c);
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { timeZone: 'Asia/Shanghai' });
  return { w, label, when };
}

function Categories(props: { legend: string; chosen: Set<DataCategory>; onChange: (next: Set<DataCategory>) => void }) {
  const { label } = useRights();
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div class="op-checks">
        {ALL_CATEGORIES.map((c) => (
          <label key={c} class="op-check">
            <input
              type="checkbox"
              checked={props.chosen.has(c)}
              onChange={() => {
                const next = new Set(props.chosen);
                if (next.has(c)) next.delete(c);
                else next.add(c);
                props.onChange(next);
              }}
            />
            {label(c)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function RequestQueuePage() {
  const { w, label, when } = useRights();
  const [all, setAll] = useState(false);
  const [queue, setQueue] = useState<RequestQueueQuery['requestQueue'] | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { error, act, busy } = useAction();
  const load = () => act(() => run(RequestQueueDocument, { includeAnswered: all })).then((d) => d && setQueue(d.requestQueue));
  useEffect(() => void load(), [all]);
  const answer = async (id: string, status: DataRequestStatus) => {
    setSaved(false);
    const done = await act(() => run(AnswerRequestDocument, { id, status, answer: answers[id]?.trim() || null }));
    if (done) {
      setSaved(true);
      await load();
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>{w.requests.heading}</h1>
      <p>{w.requests.intro}</p>
      <label class="op-check">
        <input type="checkbox" checked={all} onChange={() => setAll(!all)} />
        {w.requests.showAnswered}
      </label>
      <ErrorMessage error={error} />
      <p class="op-ok" role="status">{saved ? w.requests.done : ''}</p>
      {queue?.length === 0 && <p>{w.requests.none}</p>}
      <ul class="op-list">
        {(queue ?? []).map((r) => {
          const automatic = r.kind === 'EXPORT' || r.kind === 'TRANSFER' || r.kind === 'CLOSURE';
          const open = r.status === 'RECEIVED' || r.status === 'IN_PROGRESS';
          return (
            <li key={r.id} class="op-card">
              <h2>
                {w.kinds[r.kind]}
                <span class={`op-badge ${r.status === 'COMPLETED' ? 'op-badge-ok' : r.status === 'REJECTED' ? 'op-badge-off' : 'op-badge-warn'}`}>{w.status[r.status]}</span>
                {r.deadline && r.deadline !== 'ON_TIME' && <span class="op-badge op-badge-off">{w.deadline[r.deadline]}</span>}
              </h2>
              <dl class="op-facts">
                <dt>{w.requests.due}</dt>
                <dd>
                  {when(r.dueAt)}
                  {r.workingDaysLeft != null && r.deadline !== 'OVERDUE' && ` · ${w.requests.left(r.workingDaysLeft)}`}
                </dd>
                <dt>{w.requests.account}</dt>
                <dd>
                  <code>{r.accountRef}</code>
                </dd>
                {r.categories.length > 0 && (
                  <>
                    <dt>{w.breaches.categories}</dt>
                    <dd>{r.categories.map(label).join('、')}</dd>
                  </>
                )}
                {r.note && (
                  <>
                    <dt>{w.support.note}</dt>
                    <dd>{r.note}</dd>
                  </>
                )}
                {r.answer && (
                  <>
                    <dt>{w.requests.answer}</dt>
                    <dd>{r.answer}</dd>
                  </>
                )}
              </dl>
              {open && (
                <div class="op-form">
                  <label>
                    {w.requests.answer}
                    <textarea rows={2} value={answers[r.id] ?? ''} onInput={(e) => setAnswers({ ...answers, [r.id]: e.currentTarget.value })} />
                  </label>
                  <div class="op-actions">
                    {r.status === 'RECEIVED' && (
                      <button type="button" disabled={busy} onClick={() => void answer(r.id, 'IN_PROGRESS')}>
                        {w.requests.start}
                      </button>
                    )}
                    {!automatic && (
                      <button type="button" class="op-primary" disabled={busy} onClick={() => void answer(r.id, 'COMPLETED')}>
                        {w.requests.complete}
                      </button>
                    )}
                    <button type="button" class="op-danger" disabled={busy} onClick={() => void answer(r.id, 'REJECTED')}>
                      {w.requests.reject}
                    </button>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function SupportViewPage() {
  const { w, label, when } = useRights();
  const [reference, setReference] = useState('');
  const [view, setView] = useState<SupportViewQuery['supportView'] | null>(null);
  const { error, act, busy } = useAction();
  const look = async (event: Event) => {
    event.preventDefault();
    setView(null);
    const d = await act(() => run(SupportViewDocument, { reference: reference.trim() }));
    if (d) setView(d.supportView);
  };
  return (
    <>
      <h1 tabIndex={-1}>{w.support.heading}</h1>
      <p>{w.support.intro}</p>
      <form class="op-form op-card" onSubmit={look}>
        <label>
          {w.support.reference}
          <input value={reference} autocomplete="off" maxLength={8} onInput={(e) => setReference(e.currentTarget.value)} />
        </label>
        <div class="op-actions">
          <button type="submit" class="op-primary" disabled={busy || reference.trim().length !== 8}>
            {w.support.look}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {view && (
        <section class="op-card" aria-labelledby="support-view-h">
          <h2 id="support-view-h">{view.categories.map(label).join('、')}</h2>
          <p>{w.support.until(when(view.expiresAt))}</p>
          {view.note && (
            <p>
              {w.support.note}: {view.note}
            </p>
          )}
          {view.categories.map((c) => (
            <details key={c} open>
              <summary>{label(c)}</summary>
              <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify((view.data as Record<string, unknown>)[c], null, 2)}</pre>
            </details>
          ))}
        </section>
      )}
    </>
  );
}

const isoOf = (local: string) => (local ? new Date(local).toISOString() : null);

export function DisclosuresPage() {
  const { w, label, when } = useRights();
  const [rows, setRows] = useState<DisclosureRecordsQuery['disclosureRecords'] | null>(null);
  const [form, setForm] = useState({ accountRef: '', authority: '', legalBasis: '', disclosedAt: '', deferralBasis: '', deferredUntil: '' });
  const [categories, setCategories] = useState<Set<DataCategory>>(new Set());
  const [saved, setSaved] = useState(false);
  const { error, act, busy } = useAction();
  const load = () => act(() => run(DisclosureRecordsDocument)).then((d) => d && setRows(d.disclosureRecords));
  useEffect(() => void load(), []);
  const field = (name: keyof typeof form, text: string, type = 'text') => (
    <label>
      {text}
      <input type={type} value={form[name]} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
    </label>
  );
  const record = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const done = await act(() =>
      run(RecordDisclosureDocument, {
        input: {
          accountRef: form.accountRef.trim(),
          authority: form.authority,
          legalBasis: form.legalBasis,
          categories: [...categories],
          disclosedAt: isoOf(form.disclosedAt) ?? new Date().toISOString(),
          deferralBasis: form.deferralBasis.trim() || null,
          deferredUntil: isoOf(form.deferredUntil),
        },
      }),
    );
    if (done) {
      setSaved(true);
      await load();
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>{w.disclosures.heading}</h1>
      <p>{w.disclosures.intro}</p>
      <form class="op-form op-card" onSubmit={record}>
        {field('accountRef', w.disclosures.account)}
        {field('authority', w.disclosures.authority)}
        {field('legalBasis', w.disclosures.legalBasis)}
        <Categories legend={w.disclosures.categories} chosen={categories} onChange={setCategories} />
        {field('disclosedAt', w.disclosures.disclosedAt, 'datetime-local')}
        {field('deferralBasis', w.disclosures.deferralBasis)}
        {field('deferredUntil', w.disclosures.deferredUntil, 'datetime-local')}
        <div class="op-actions">
          <button type="submit" class="op-primary" disabled={busy}>
            {w.disclosures.record}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      <p class="op-ok" role="status">{saved ? w.disclosures.recorded : ''}</p>
      {rows?.length === 0 && <p>{w.disclosures.none}</p>}
      <ul class="op-list">
        {(rows ?? []).map((d) => (
          <li key={d.id} class="op-card">
            <h2>
              {d.authority}
              {d.releasedAt ? <span class="op-badge op-badge-ok">{w.disclosures.released}</span> : <span class="op-badge op-badge-warn">{w.disclosures.deferred(d.deferredUntil ? when(d.deferredUntil) : '—')}</span>}
            </h2>
            <dl class="op-facts">
              <dt>{w.disclosures.legalBasis}</dt>
              <dd>{d.legalBasis}</dd>
              <dt>{w.disclosures.categories}</dt>
              <dd>{d.categories.map(label).join('、')}</dd>
              <dt>{w.disclosures.disclosedAt}</dt>
              <dd>{when(d.disclosedAt)}</dd>
              <dt>{w.disclosures.account}</dt>
              <dd>
                <code>{d.accountRef}</code>
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}

const BREACH_TEXTS = ['summary', 'cause', 'possibleHarm', 'remedies', 'whatYouCanDo', 'contact'] as const;

export function BreachesPage() {
  const { w, label, when } = useRights();
  const [incidents, setIncidents] = useState<IncidentsQuery['incidents'] | null>(null);
  const [texts, setTexts] = useState<Record<(typeof BREACH_TEXTS)[number], string>>({ summary: '', cause: '', possibleHarm: '', remedies: '', whatYouCanDo: '', contact: '' });
  const [times, setTimes] = useState({ discoveredAt: '', windowFrom: '', windowTo: '' });
  const [categories, setCategories] = useState<Set<DataCategory>>(new Set());
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [status, setStatus] = useState('');
  const { error, act, busy } = useAction();
  const load = () => act(() => run(IncidentsDocument)).then((d) => d && setIncidents(d.incidents));
  useEffect(() => void load(), []);
  const record = async (event: Event) => {
    event.preventDefault();
    setStatus('');
    const now = new Date().toISOString();
    const done = await act(() =>
      run(RecordBreachDocument, {
        input: { ...texts, categories: [...categories], discoveredAt: isoOf(times.discoveredAt) ?? now, windowFrom: isoOf(times.windowFrom) ?? now, windowTo: isoOf(times.windowTo) ?? now },
      }),
    );
    if (done) {
      setStatus(w.breaches.recorded);
      await load();
    }
  };
  const count = async (id: string) => {
    const d = await act(() => run(AffectedCountDocument, { id }));
    if (d) setCounts({ ...counts, [id]: d.affectedCount });
  };
  const send = async (id: string) => {
    if (!window.confirm(w.breaches.confirmSend(counts[id] ?? 0))) return;
    if (await act(() => run(SendBreachNoticeDocument, { id }))) {
      setStatus(w.breaches.sent);
      await load();
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>{w.breaches.heading}</h1>
      <p>{w.breaches.intro}</p>
      <form class="op-form op-card" onSubmit={record}>
        {BREACH_TEXTS.map((name) => (
          <label key={name}>
            {w.breaches[name]}
            <textarea rows={2} value={texts[name]} onInput={(e) => setTexts({ ...texts, [name]: e.currentTarget.value })} />
          </label>
        ))}
        <Categories legend={w.breaches.categories} chosen={categories} onChange={setCategories} />
        {(['discoveredAt', 'windowFrom', 'windowTo'] as const).map((name) => (
          <label key={name}>
            {w.breaches[name]}
            <input type="datetime-local" value={times[name]} onInput={(e) => setTimes({ ...times, [name]: e.currentTarget.value })} />
          </label>
        ))}
        <div class="op-actions">
          <button type="submit" class="op-primary" disabled={busy}>
            {w.breaches.record}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      <p class="op-ok" role="status">{status}</p>
      {incidents?.length === 0 && <p>{w.breaches.none}</p>}
      <ul class="op-list">
        {(incidents ?? []).map((b) => (
          <li key={b.id} class="op-card">
            <h2>
              {b.summary}
              {b.notifiedAt && <span class="op-badge op-badge-ok">{w.breaches.notified(when(b.notifiedAt))}</span>}
            </h2>
            <dl class="op-facts">
              <dt>{w.breaches.categories}</dt>
              <dd>{b.categories.map(label).join('、')}</dd>
              <dt>{w.breaches.windowFrom}</dt>
              <dd>{b.windowFrom ? when(b.windowFrom) : '—'}</dd>
              <dt>{w.breaches.windowTo}</dt>
              <dd>{b.windowTo ? when(b.windowTo) : '—'}</dd>
            </dl>
            {!b.notifiedAt && (
              <div class="op-actions">
                <button type="button" disabled={busy} onClick={() => void count(b.id)}>
                  {counts[b.id] === undefined ? w.breaches.count : w.breaches.affected(counts[b.id]!)}
                </button>
                <button type="button" class="op-danger" disabled={busy || counts[b.id] === undefined} onClick={() => void send(b.id)}>
                  {w.breaches.send}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
