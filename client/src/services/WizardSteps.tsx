import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

/** The service-request wizard's steps (the current one marked for screen readers) and the current step's heading. */
export function WizardSteps({ step, headingRef }: { step: 1 | 2 | 3; headingRef: Ref<HTMLHeadingElement> }) {
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t('wizard.stepsLabel')}>
        <ol className="wizard-steps list-inline mb-3">
          {([1, 2, 3] as const).map((n) => (
            <li key={n} className={`list-inline-item me-3${n === step ? ' fw-semibold text-primary' : ' text-muted'}`} aria-current={n === step ? 'step' : undefined}>
              {n}. {t(`wizard.step${n}`)}
            </li>
          ))}
        </ol>
      </nav>
      {/* Focused on every step change, so that screen readers announce where the user is. */}
      <h2 ref={headingRef} tabIndex={-1} className="h4 wizard-step-heading">
        {t('wizard.stepOf', { step })}: {t(`wizard.step${step}`)}
      </h2>
    </>
  );
}
