import { useTranslation } from 'react-i18next';
import { Spinner } from 'design-react-kit';

interface LoadingProps {
  /** Space kept while loading, so that the page does not jump when the content arrives. */
  minHeight?: string;
  label?: string;
}

export function Loading({ minHeight = '12rem', label }: LoadingProps) {
  const { t } = useTranslation();
  return (
    <div className="loading-block" role="status" style={{ minHeight }}>
      <span aria-hidden="true">
        <Spinner active small />
      </span>
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}
