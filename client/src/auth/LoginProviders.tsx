import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LoginOptionsSchema } from '@cit/shared';
import { apiRequest } from '../api/client';

/**
 * The identity providers configured on the server (SPID/CIE gateway, the Provincia's single sign-on): plain links,
 * since the login leaves the site and comes back to /api/auth/oidc/<id>/callback.
 */
export function LoginProviders() {
  const { t } = useTranslation();
  const options = useQuery({
    queryKey: ['auth', 'providers'],
    queryFn: ({ signal }) => apiRequest('/api/auth/providers', { schema: LoginOptionsSchema, signal }),
    staleTime: Infinity,
  });
  const providers = options.data?.providers ?? [];
  if (providers.length === 0) return null;
  return (
    <section aria-labelledby="login-providers-title" className="mb-4">
      <h2 id="login-providers-title" className="h5">
        {t('identity.providersTitle')}
      </h2>
      <ul className="list-unstyled mb-3">
        {providers.map((p) => (
          <li key={p.id} className="mb-2">
            <a className="btn btn-outline-primary w-100" href={`/api/auth/oidc/${encodeURIComponent(p.id)}/start`}>
              {p.label}
            </a>
          </li>
        ))}
      </ul>
      <p className="text-muted mb-0">{t('identity.orPassword')}</p>
    </section>
  );
}
