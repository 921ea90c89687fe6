import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors';

/**
 * Text to show for a failure: the server's own message (Italian, written for users) when there is one,
 * otherwise a translated explanation of what went wrong on the way.
 */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (!isApiError(error)) return t('errors.unexpected');
      if (error.fromServer) return error.message;
      switch (error.code) {
        case 'network_error':
          return t('errors.network');
        case 'bad_response':
          return t('errors.badResponse');
        default:
          return t('errors.http', { status: error.status });
      }
    },
    [t],
  );
}
