import type { Request } from 'express';
import { custom, errors, generators, Issuer, type BaseClient, type IdTokenClaims } from 'openid-client';
import { fiscalCodeFromClaim, type Role } from '@cit/shared';
import { notFound } from '../../platform/http/errors';
import type { OidcProviderConfig } from './oidc-config';

// A provider that does not answer must not hold a login (or a test) for minutes.
custom.setHttpOptionsDefaults({ timeout: 8_000 });

/** What a login started with and must end with: kept in the session between the redirect and the callback. */
export interface OidcPending {
  providerId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  at: number;
}

declare module 'express-session' {
  interface SessionData {
    oidc?: OidcPending;
  }
}

/** Why a provider's answer did not sign anybody in; each has its own explanation on the page. */
export type OidcFailureReason = 'failed' | 'unknown' | 'role' | 'disabled' | 'no-fiscal-code';

export class OidcFailure extends Error {
  constructor(
    readonly reason: OidcFailureReason,
    detail: string,
  ) {
    super(detail);
    this.name = 'OidcFailure';
  }
}

export interface OidcIdentity {
  fiscalCode: string;
  /** The provider asserted SPID level 2 or more, or CIE: no TOTP is asked. */
  strong: boolean;
  acr: string | null;
}

/** A login through this long-ago started redirect is refused (the provider's own page has long timed out). */
const PENDING_MS = 10 * 60_000;

/**
 * OpenID Connect relying party (openid-client 5, which loads as CommonJS): authorization code flow with PKCE
 * (S256), state and nonce bound to the session, the ID token's signature, issuer, audience, expiry and nonce
 * checked by the library. Providers are discovered at their first use and discovered again after a failure.
 */
export class OidcLogin {
  private readonly clients = new Map<string, Promise<BaseClient>>();

  constructor(
    private readonly providers: readonly OidcProviderConfig[],
    private readonly publicUrl: string,
  ) {}

  list(): Array<{ id: string; label: string }> {
    return this.providers.map((p) => ({ id: p.id, label: p.label }));
  }

  provider(id: string): OidcProviderConfig {
    const provider = this.providers.find((p) => p.id === id);
    if (!provider) throw notFound('Il fornitore di identità');
    return provider;
  }

  redirectUri(id: string): string {
    return new URL(`/api/auth/oidc/${id}/callback`, this.publicUrl).toString();
  }

  /** The provider's authorization address for a new login, and what the callback must match. */
  async start(id: string): Promise<{ url: string; pending: OidcPending }> {
    const provider = this.provider(id);
    const client = await this.client(provider);
    const pending: OidcPending = { providerId: id, state: generators.state(), nonce: generators.nonce(), codeVerifier: generators.codeVerifier(), at: Date.now() };
    const url = client.authorizationUrl({
      scope: provider.scopes.join(' '),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: generators.codeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      ...(provider.acrValues ? { acr_values: provider.acrValues.join(' ') } : {}),
    });
    return { url, pending };
  }

  /** Exchanges the code and reads who the person is; every wrong answer of the provider is an OidcFailure. */
  async finish(id: string, req: Request, pending: OidcPending | undefined): Promise<OidcIdentity> {
    const provider = this.provider(id);
    if (!pending || pending.providerId !== id || Date.now() - pending.at > PENDING_MS) {
      throw new OidcFailure('failed', 'no login started from this browser for this provider, or it is too old');
    }
    const client = await this.client(provider);
    let claims: IdTokenClaims;
    let userinfo: Record<string, unknown> = {};
    try {
      const params = client.callbackParams(req);
      const tokens = await client.callback(this.redirectUri(id), params, {
        state: pending.state,
        nonce: pending.nonce,
        code_verifier: pending.codeVerifier,
        response_type: 'code',
      });
      claims = tokens.claims();
      if (claims[provider.fiscalCodeClaim] === undefined && tokens.access_token) userinfo = (await client.userinfo(tokens)) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof errors.OPError || err instanceof errors.RPError || err instanceof TypeError) throw new OidcFailure('failed', err.message);
      throw new OidcFailure('failed', err instanceof Error ? err.message : String(err));
    }
    const fiscalCode = fiscalCodeFromClaim(claims[provider.fiscalCodeClaim] ?? userinfo[provider.fiscalCodeClaim]);
    if (!fiscalCode) throw new OidcFailure('no-fiscal-code', `claim ${provider.fiscalCodeClaim} missing or not a codice fiscale`);
    const acr = typeof claims.acr === 'string' ? claims.acr : null;
    return { fiscalCode, acr, strong: acr !== null && provider.strongAcr.includes(acr) };
  }

  serves(id: string, role: Role): boolean {
    return this.provider(id).roles.includes(role);
  }

  private client(provider: OidcProviderConfig): Promise<BaseClient> {
    let client = this.clients.get(provider.id);
    if (!client) {
      client = Issuer.discover(provider.issuer).then(
        (issuer) =>
          new issuer.Client({
            client_id: provider.clientId,
            ...(provider.clientSecret ? { client_secret: provider.clientSecret } : { token_endpoint_auth_method: 'none' }),
            redirect_uris: [this.redirectUri(provider.id)],
            response_types: ['code'],
          }),
      );
      // A provider that was down is asked again at the next login, not remembered as broken.
      client.catch(() => this.clients.delete(provider.id));
      this.clients.set(provider.id, client);
    }
    return client;
  }
}
