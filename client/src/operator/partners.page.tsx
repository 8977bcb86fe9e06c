// The partner manager's registry: the list with status and grants, a form to register or edit,
// suspend (with a confirmation that says what it ends) and reinstate.
import { ALL_CATEGORIES, DATA_CATEGORIES, type DataCategory } from '@shebao/vocabulary';
import { useEffect, useState } from 'preact/hooks';
import { ConsoleError, run } from './api';
import { ErrorMessage } from './error-message';
import {
  RegisterPartnerDocument,
  RegistryPartnersDocument,
  ReinstatePartnerDocument,
  SuspendPartnerDocument,
  UpdatePartnerDocument,
  type PartnerRegistrationInput,
  type RegistryPartnersQuery,
} from './gql/graphql';
import { useWords } from './i18n';
import { useAction } from './use-action';

type Partner = RegistryPartnersQuery['registryPartners'][number];

type Draft = {
  clientId: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  contact: string;
  purposeZh: string;
  purposeEn: string;
  categories: DataCategory[];
  redirectUris: string;
  jwks: string;
  sandbox: boolean;
  dpopRequired: boolean;
  maxGrantDays: string;
};

const EMPTY: Draft = {
  clientId: '',
  name: '',
  nameEn: '',
  description: '',
  descriptionEn: '',
  contact: '',
  purposeZh: '',
  purposeEn: '',
  categories: [],
  redirectUris: '',
  jwks: '',
  sandbox: false,
  dpopRequired: true,
  maxGrantDays: '180',
};

function draftOf(p: Partner): Draft {
  return {
    clientId: p.clientId,
    name: p.name,
    nameEn: p.nameEn,
    description: p.description,
    descriptionEn: p.descriptionEn,
    contact: p.contact ?? '',
    purposeZh: p.purposes[0]?.zh ?? '',
    purposeEn: p.purposes[0]?.en ?? '',
    categories: p.registeredCategories as DataCategory[],
    redirectUris: p.redirectUris.join('\n'),
    jwks: p.jwks ? JSON.stringify(p.jwks, null, 2) : '',
    sandbox: p.sandbox,
    dpopRequired: p.dpopRequired,
    maxGrantDays: String(p.maxGrantDays),
  };
}

function inputOf(d: Draft, editing: boolean): PartnerRegistrationInput {
  let jwks: unknown = null;
  if (d.jwks.trim()) {
    try {
      jwks = JSON.parse(d.jwks);
    } catch {
      throw new ConsoleError('BAD_USER_INPUT', 'jwks');
    }
  }
  return {
    ...(editing || !d.clientId.trim() ? {} : { clientId: d.clientId.trim() }),
    name: d.name,
    nameEn: d.nameEn,
    description: d.description,
    descriptionEn: d.descriptionEn,
    contact: d.contact,
    purposes: [{ zh: d.purposeZh, en: d.purposeEn }],
    registeredCategories: d.categories,
    redirectUris: d.redirectUris.split('\n').map((s) => s.trim()).filter(Boolean),
    jwks,
    sandbox: d.sandbox,
    dpopRequired: d.dpopRequired,
    maxGrantDays: Number(d.maxGrantDays),
  };
}

function PartnerForm(props: { partner: Partner | null; onDone(message: string | null): void }) {
  const { t, locale } = useWords();
  const f = t.partners.form;
  const [draft, setDraft] = useState<Draft>(props.partner ? draftOf(props.partner) : EMPTY);
  const { busy, error, act } = useAction();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const text = (key: keyof Draft, label: string, options: { multiline?: boolean; type?: string } = {}) => (
    <label>
      {label}
      {options.multiline ? (
        <textarea name={key} rows={key === 'jwks' ? 6 : 3} value={draft[key] as string} onInput={(e) => set(key, e.currentTarget.value as never)} />
      ) : (
        <input name={key} type={options.type ?? 'text'} value={draft[key] as string} onInput={(e) => set(key, e.currentTarget.value as never)} />
      )}
    </label>
  );

  async function save(event: Event) {
    event.preventDefault();
    const done = await act(async () => {
      const input = inputOf(draft, props.partner !== null);
      if (props.partner) {
        await run(UpdatePartnerDocument, { id: props.partner.id, input });
        return t.partners.savedNote;
      }
      const created = await run(RegisterPartnerDocument, { input });
      return created.registerPartner.clientSecret ? t.partners.secretNote(created.registerPartner.clientSecret) : t.partners.savedNote;
    });
    if (done) props.onDone(done);
  }

  return (
    <form class="op-form op-card" onSubmit={save} aria-labelledby="partner-form-heading">
      <h2 id="partner-form-heading">{props.partner ? f.editHeading(props.partner.name) : f.newHeading}</h2>
      {!props.partner && text('clientId', f.clientId)}
      <div class="op-grid">
        {text('name', f.name)}
        {text('nameEn', f.nameEn)}
        {text('description', f.description, { multiline: true })}
        {text('descriptionEn', f.descriptionEn, { multiline: true })}
        {text('purposeZh', f.purposeZh)}
        {text('purposeEn', f.purposeEn)}
      </div>
      {text('contact', f.contact)}
      <fieldset>
        <legend>{t.partners.categories}</legend>
        <div class="op-checks">
          {ALL_CATEGORIES.map((c) => (
            <label key={c} class="op-check">
              <input
                type="checkbox"
                name="categories"
                value={c}
                checked={draft.categories.includes(c)}
                onChange={(e) => set('categories', e.currentTarget.checked ? [...draft.categories, c] : draft.categories.filter((x) => x !== c))}
              />
              {DATA_CATEGORIES[c][locale === 'en' ? 'en' : 'zh']}
            </label>
          ))}
        </div>
      </fieldset>
      {text('redirectUris', f.redirectUris, { multiline: true })}
      {text('jwks', f.jwks, { multiline: true })}
      <label class="op-check">
        <input type="checkbox" name="sandbox" checked={draft.sandbox} onChange={(e) => set('sandbox', e.currentTarget.checked)} />
        {f.sandbox}
      </label>
      <label class="op-check">
        <input type="checkbox" name="dpopRequired" checked={draft.dpopRequired} onChange={(e) => set('dpopRequired', e.currentTarget.checked)} />
        {f.dpop}
      </label>
      {text('maxGrantDays', f.maxGrantDays, { type: 'number' })}
      <ErrorMessage error={error} />
      <div class="op-actions">
        <button type="submit" class="op-primary" disabled={busy}>
          {f.save}
        </button>
        <button type="button" onClick={() => props.onDone(null)}>
          {f.cancel}
        </button>
      </div>
    </form>
  );
}

export function PartnersPage() {
  const { t, locale } = useWords();
  const [partners, setPartners] = useState<Partner[] | null>(null);
  const [editing, setEditing] = useState<Partner | 'new' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const { error, act } = useAction();
  const load = () => act(() => run(RegistryPartnersDocument)).then((d) => d && setPartners(d.registryPartners));
  useEffect(() => void load(), []);

  async function suspend(p: Partner) {
    if (!window.confirm(t.partners.confirmSuspend(p.name))) return;
    const done = await act(() => run(SuspendPartnerDocument, { id: p.id }));
    if (done) setNote(t.partners.suspendedNote(p.name, done.suspendPartner.endedGrants));
    await load();
  }
  async function reinstate(p: Partner) {
    if (await act(() => run(ReinstatePartnerDocument, { id: p.id }))) setNote(t.partners.reinstatedNote(p.name));
    await load();
  }

  return (
    <>
      <h1 tabIndex={-1}>{t.partners.heading}</h1>
      <p>{t.partners.intro}</p>
      <p role="status" class="op-ok">
        {note}
      </p>
      <ErrorMessage error={error} />
      {editing ? (
        <PartnerForm
          partner={editing === 'new' ? null : editing}
          onDone={(message) => {
            setEditing(null);
            if (message) setNote(message);
            void load();
          }}
        />
      ) : (
        <button type="button" class="op-primary" onClick={() => setEditing('new')}>
          {t.partners.add}
        </button>
      )}
      <ul class="op-list">
        {partners?.map((p) => (
          <li key={p.id} class="op-card" aria-labelledby={`partner-${p.id}`}>
            <h2 id={`partner-${p.id}`}>{locale === 'en' ? p.nameEn : p.name}</h2>
            <dl class="op-facts">
              <dt>{t.partners.status}</dt>
              <dd>
                <span class={p.active ? 'op-badge op-badge-ok' : 'op-badge op-badge-off'}>{p.active ? t.partners.active : t.partners.suspended}</span>
              </dd>
              <dt>{t.partners.clientId}</dt>
              <dd>
                <code>{p.clientId}</code>
              </dd>
              <dt>{t.partners.grants}</dt>
              <dd>{p.activeGrants}</dd>
              <dt>{t.partners.categories}</dt>
              <dd>{p.registeredCategories.map((c) => DATA_CATEGORIES[c as DataCategory]?.[locale === 'en' ? 'en' : 'zh'] ?? c).join(locale === 'en' ? ', ' : '、')}</dd>
            </dl>
            {p.clientAuthMethod !== 'none' && (
              <div class="op-actions">
                <button type="button" onClick={() => setEditing(p)} aria-label={`${t.partners.edit} ${p.name}`}>
                  {t.partners.edit}
                </button>
                {p.active ? (
                  <button type="button" class="op-danger" onClick={() => void suspend(p)} aria-label={`${t.partners.suspend} ${p.name}`}>
                    {t.partners.suspend}
                  </button>
                ) : (
                  <button type="button" onClick={() => void reinstate(p)} aria-label={`${t.partners.reinstate} ${p.name}`}>
                    {t.partners.reinstate}
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
