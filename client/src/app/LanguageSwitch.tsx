import { useTranslation } from 'react-i18next';
import { chooseLanguage, DEFAULT_LANGUAGE, isLanguage, LANGUAGES } from '../i18n';

/** IT / EN toggle buttons; the pressed state is exposed (aria-pressed) and shown by weight and underline. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
  return (
    <div role="group" aria-label={t('language.groupLabel')} className="lang-switch">
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="lang-switch-btn"
          aria-pressed={language === active}
          onClick={() => chooseLanguage(language)}
        >
          <span aria-hidden="true">{language.toUpperCase()}</span>
          <span className="visually-hidden">{t(`language.names.${language}`)}</span>
        </button>
      ))}
    </div>
  );
}
