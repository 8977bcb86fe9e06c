import { createContext, type ComponentChildren } from 'preact';
import { useContext, useMemo, useState } from 'preact/hooks';
import { catalogues, LOCALES, type Catalogue, type Locale } from './catalogue';

const STORAGE_KEY = 'shebao.locale';

export interface I18n {
  readonly locale: Locale;
  readonly t: Catalogue;
  setLocale(locale: Locale): void;
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  } catch {
    // Storage blocked: fall through to the default.
  }
  return 'zh-CN';
}

function applyDocumentLocale(locale: Locale, t: Catalogue): void {
  document.documentElement.lang = locale;
  document.title = t.app.fullName;
}

const I18nContext = createContext<I18n>({ locale: 'zh-CN', t: catalogues['zh-CN'], setLocale: () => undefined });

export function I18nProvider(props: { children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const value = useMemo<I18n>(() => {
    const t = catalogues[locale];
    applyDocumentLocale(locale, t);
    return {
      locale,
      t,
      setLocale(next) {
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Not persisted; still switch for this session.
        }
        setLocaleState(next);
      },
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The GraphQL Locale enum for a UI locale. */
export function apiLocale(locale: Locale): 'ZH_CN' | 'EN' {
  return locale === 'en' ? 'EN' : 'ZH_CN';
}

/** The label for a value the server sends as a plain string; the value itself when it has none. */
export function labelFor<K extends string>(labels: Readonly<Record<K, string>>, value: string): string {
  return Object.hasOwn(labels, value) ? labels[value as K] : value;
}

/** A category's name: the notice's own (in the chosen language) when it has one, else the catalogue's. */
export function categoryName(t: Catalogue, id: string, fromNotice?: string | null): string {
  return fromNotice && fromNotice !== id ? fromNotice : labelFor(t.category, id);
}
