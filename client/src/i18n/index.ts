import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LanguageSchema, type Language } from '@cit/shared';
import it from './it.json';
import type en from './en.json';

/** Compile-time check: the English resources must have every key of the Italian ones. */
type SameKeys<T extends typeof it> = T;
export type EnglishResources = SameKeys<typeof en>;

/**
 * Only Italian is in the first download: English (another 85 KB) is fetched when it is chosen, so that the login
 * page stays light. Resolves once the language to show is loaded.
 */
async function loadLanguage(language: Language): Promise<void> {
  if (language === 'en' && !i18n.hasResourceBundle('en', 'translation')) {
    const en: EnglishResources = (await import('./en.json')).default;
    i18n.addResourceBundle('en', 'translation', en);
  }
}

async function switchTo(language: Language): Promise<void> {
  await loadLanguage(language);
  await i18n.changeLanguage(language);
}

export const LANGUAGES = LanguageSchema.options;
export const DEFAULT_LANGUAGE: Language = 'it';

const STORAGE_KEY = 'cit-helpdesk.language';

export function isLanguage(value: unknown): value is Language {
  return LanguageSchema.safeParse(value).success;
}

/** The language the user chose with the switch in this browser, if any. */
export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    // Storage can be disabled (privacy settings): the choice then lasts for the page only.
    return null;
  }
}

/** Switches the interface language and remembers the choice in this browser. */
export function chooseLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // See storedLanguage().
  }
  void switchTo(language);
}

/** Follows the language of the user's profile unless a choice was made in this browser. */
export function followProfileLanguage(language: Language): void {
  if (storedLanguage() === null && i18n.language !== language) void switchTo(language);
}

function syncDocumentLanguage(language: string): void {
  document.documentElement.lang = isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

i18n.on('languageChanged', syncDocumentLanguage);

const initialLanguage = storedLanguage() ?? DEFAULT_LANGUAGE;

void i18n.use(initReactI18next).init({
  resources: { it: { translation: it } },
  lng: DEFAULT_LANGUAGE,
  partialBundledLanguages: true,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  // Resources are bundled: initialise synchronously so the first render is already translated.
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes already.
  returnEmptyString: false,
});

syncDocumentLanguage(i18n.language);

/** The first render waits for this: a browser that chose English starts in English, not in Italian for a moment. */
export const i18nReady: Promise<void> = initialLanguage === DEFAULT_LANGUAGE ? Promise.resolve() : switchTo(initialLanguage);

export default i18n;
