// The privacy officer's notice versions: a draft is the notice as data (per purpose: categories,
// what is necessary, retention, description), its differences from the current version purpose
// by purpose, and publishing, which asks the affected people again.
import { ALL_CATEGORIES, DATA_CATEGORIES, type DataCategory } from '@shebao/vocabulary';
import { useEffect, useState } from 'preact/hooks';
import { run } from './api';
import { ErrorMessage } from './error-message';
import {
  CreateNoticeDraftDocument,
  NoticeDraftDiffDocument,
  NoticeWorkDocument,
  PublishNoticeDraftDocument,
  UpdateNoticeDraftDocument,
  type NoticeDraftDiffQuery,
  type NoticeWorkQuery,
} from './gql/graphql';
import { useWords } from './i18n';
import { useAction } from './use-action';

type Localized = { zh: string; en: string };
type PurposeSpec = {
  purpose: string;
  name: Localized;
  description: Localized;
  categories: DataCategory[];
  necessaryCategories: DataCategory[];
  recipients: Localized[];
  retentionDays: number | null;
  separateConsent: boolean;
};
type NoticeContent = { controller: Localized; contact: string; purposes: PurposeSpec[] };

function PurposeEditor(props: { spec: PurposeSpec; onChange(spec: PurposeSpec): void }) {
  const { t, locale } = useWords();
  const l = locale === 'en' ? 'en' : 'zh';
  const { spec } = props;
  const id = `purpose-${spec.purpose}`;
  const toggle = (list: DataCategory[], c: DataCategory, on: boolean) => (on ? [...list, c] : list.filter((x) => x !== c));
  // One purpose per disclosure: the page stays short on a phone; a purpose opens to be edited.
  return (
    <details class="op-card op-purpose">
      <summary>
        {spec.name[l]} <code>{spec.purpose}</code>
      </summary>
      <fieldset aria-labelledby={id}>
        <legend id={id} class="op-visually-hidden">
          {spec.name[l]}
        </legend>
        <label>
          {t.notices.retention}
          <input
            type="number"
            min={0}
            name={`${spec.purpose}-retention`}
            value={spec.retentionDays ?? ''}
            onInput={(e) => props.onChange({ ...spec, retentionDays: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}
          />
        </label>
        <label>
          {t.notices.descriptionZh}
          <textarea rows={2} value={spec.description.zh} onInput={(e) => props.onChange({ ...spec, description: { ...spec.description, zh: e.currentTarget.value } })} />
        </label>
        <label>
          {t.notices.descriptionEn}
          <textarea rows={2} value={spec.description.en} onInput={(e) => props.onChange({ ...spec, description: { ...spec.description, en: e.currentTarget.value } })} />
        </label>
        <fieldset>
          <legend>{t.notices.categories}</legend>
          <div class="op-checks">
            {ALL_CATEGORIES.map((c) => (
              <span key={c} class="op-check-pair">
                <label class="op-check">
                  <input
                    type="checkbox"
                    checked={spec.categories.includes(c)}
                    onChange={(e) =>
                      props.onChange({
                        ...spec,
                        categories: toggle(spec.categories, c, e.currentTarget.checked),
                        necessaryCategories: e.currentTarget.checked ? spec.necessaryCategories : spec.necessaryCategories.filter((x) => x !== c),
                      })
                    }
                  />
                  {DATA_CATEGORIES[c][l]}
                </label>
                {spec.categories.includes(c) && (
                  <label class="op-check op-sub">
                    <input
                      type="checkbox"
                      checked={spec.necessaryCategories.includes(c)}
                      onChange={(e) => props.onChange({ ...spec, necessaryCategories: toggle(spec.necessaryCategories, c, e.currentTarget.checked) })}
                    />
                    {t.notices.necessary}
                    <span class="op-visually-hidden"> {DATA_CATEGORIES[c][l]}</span>
                  </label>
                )}
              </span>
            ))}
          </div>
        </fieldset>
      </fieldset>
    </details>
  );
}

function DiffView(props: { diff: NoticeDraftDiffQuery['noticeDraftDiff'] }) {
  const { t, locale } = useWords();
  const l = locale === 'en' ? 'en' : 'zh';
  const names = (list: readonly string[]) => list.map((c) => DATA_CATEGORIES[c as DataCategory]?.[l] ?? c).join(l === 'en' ? ', ' : '、');
  const days = (n: number | null | undefined) => (n == null ? t.notices.lawful : String(n));
  const changed = props.diff.purposes.filter((p) => p.change !== 'UNCHANGED');
  return (
    <section class="op-card" aria-labelledby="diff-heading">
      <h2 id="diff-heading">{t.notices.diffHeading}</h2>
      {changed.length === 0 && <p>{t.notices.unchanged}</p>}
      <ul class="op-diff">
        {changed.map((p) => (
          <li key={p.purpose}>
            <strong>
              <code>{p.purpose}</code> — {t.notices.changes[p.change]}
            </strong>
            {p.needsReconsent && <span class="op-badge op-badge-warn">{t.notices.reconsent}</span>}
            <ul>
              {p.addedCategories.length > 0 && <li>{`${t.notices.added}: ${names(p.addedCategories)}`}</li>}
              {p.removedCategories.length > 0 && <li>{`${t.notices.removed}: ${names(p.removedCategories)}`}</li>}
              {p.addedNecessary.length > 0 && <li>{`${t.notices.addedNecessary}: ${names(p.addedNecessary)}`}</li>}
              {p.removedNecessary.length > 0 && <li>{`${t.notices.removedNecessary}: ${names(p.removedNecessary)}`}</li>}
              {p.change === 'CHANGED' && p.retentionDaysBefore !== p.retentionDaysAfter && <li>{t.notices.retentionChange(days(p.retentionDaysBefore), days(p.retentionDaysAfter))}</li>}
              {p.recipientsChanged && <li>{t.notices.recipients}</li>}
              {p.wordingChanged && <li>{t.notices.wording}</li>}
              {p.separateConsentChanged && <li>{t.notices.separate}</li>}
            </ul>
          </li>
        ))}
      </ul>
      <p>{t.notices.affected(props.diff.affectedPeople)}</p>
    </section>
  );
}

export function NoticesPage() {
  const { t } = useWords();
  const [work, setWork] = useState<NoticeWorkQuery | null>(null);
  const [content, setContent] = useState<NoticeContent | null>(null);
  const [diff, setDiff] = useState<NoticeDraftDiffQuery['noticeDraftDiff'] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const { busy, error, act } = useAction();
  const draft = work?.noticeDrafts[0] ?? null;

  const load = () =>
    act(() => run(NoticeWorkDocument)).then((d) => {
      if (!d) return;
      setWork(d);
      setContent((d.noticeDrafts[0]?.content as NoticeContent | undefined) ?? null);
      setDiff(null);
    });
  useEffect(() => void load(), []);

  async function save(): Promise<boolean> {
    if (!draft || !content) return false;
    return (await act(() => run(UpdateNoticeDraftDocument, { id: draft.id, content }))) !== undefined;
  }
  async function showDiff() {
    if (!draft || !(await save())) return;
    const d = await act(() => run(NoticeDraftDiffDocument, { id: draft.id }));
    if (d) setDiff(d.noticeDraftDiff);
  }
  async function publish() {
    if (!draft || !(await save()) || !window.confirm(t.notices.confirmPublish)) return;
    const done = await act(() => run(PublishNoticeDraftDocument, { id: draft.id }));
    if (done) setNote(t.notices.published(done.publishNoticeDraft.version, done.publishNoticeDraft.affectedPeople));
    await load();
  }

  return (
    <>
      <h1 tabIndex={-1}>{t.notices.heading}</h1>
      <p>{t.notices.intro}</p>
      <p role="status" class="op-ok">
        {note}
      </p>
      <ErrorMessage error={error} />
      {work && (
        <section aria-labelledby="versions-heading">
          <h2 id="versions-heading">{t.notices.versions}</h2>
          <ul class="op-versions">
            {work.noticeVersions.map((v, i) => (
              <li key={v.version}>
                {t.notices.version(v.version)} {i === 0 && <span class="op-badge op-badge-ok">{t.notices.current}</span>} <code>{v.contentHash.slice(0, 12)}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {work && !draft && (
        <>
          <p>{t.notices.noDraft}</p>
          <button type="button" class="op-primary" disabled={busy} onClick={() => void act(() => run(CreateNoticeDraftDocument)).then(load)}>
            {t.notices.newDraft}
          </button>
        </>
      )}
      {draft && content && (
        <section aria-labelledby="draft-heading">
          <h2 id="draft-heading">{t.notices.draft(draft.baseVersion)}</h2>
          {content.purposes.map((spec, index) => (
            <PurposeEditor
              key={spec.purpose}
              spec={spec}
              onChange={(next) => {
                setContent({ ...content, purposes: content.purposes.map((p, i) => (i === index ? next : p)) });
                setDiff(null);
              }}
            />
          ))}
          <div class="op-actions op-sticky">
            <button type="button" disabled={busy} onClick={() => void save().then((ok) => ok && setNote(t.notices.saved))}>
              {t.notices.save}
            </button>
            <button type="button" disabled={busy} onClick={() => void showDiff()}>
              {t.notices.diff}
            </button>
            <button type="button" class="op-primary" disabled={busy} onClick={() => void publish()}>
              {t.notices.publish}
            </button>
          </div>
          {diff && <DiffView diff={diff} />}
        </section>
      )}
    </>
  );
}
