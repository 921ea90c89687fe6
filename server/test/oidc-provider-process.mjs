// A real OpenID provider for the tests (the `oidc-provider` package, ESM-only: jest starts it as a child process).
// It signs in whoever the test names through POST /test/next; it prints its issuer URL as one JSON line.
import http from 'node:http';
import Provider from 'oidc-provider';

const { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env;
let next = { sub: 'nessuno', claims: {}, acr: undefined, expired: false };
const realNow = Date.now;

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { acr: null, auth_time: null, sid: null, iss: null, openid: ['sub'], profile: ['fiscalNumber', 'name'] },
    conformIdTokenClaims: false,
    acrValues: ['https://www.spid.gov.it/SpidL1', 'https://www.spid.gov.it/SpidL2'],
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, ...next.claims }) }),
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile');
      grant.addOIDCClaims(['fiscalNumber', 'name']);
      await grant.save();
      return grant;
    },
    cookies: { keys: ['chiave-di-prova-dei-cookie'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    try {
      if (req.method === 'POST' && req.url === '/test/next') {
        let body = '';
        for await (const chunk of req) body += chunk;
        next = JSON.parse(body);
        res.writeHead(204).end();
      } else if (req.url.startsWith('/interaction/')) {
        await provider.interactionDetails(req, res);
        await provider.interactionFinished(req, res, { login: { accountId: next.sub, ...(next.acr ? { acr: next.acr } : {}) } }, { mergeWithLastSubmission: false });
      } else {
        // "Expired token": the tokens of this exchange are issued as if two hours ago (an ID token lives one hour).
        if (next.expired && req.url.startsWith('/token')) {
          Date.now = () => realNow() - 2 * 3_600_000;
          res.on('finish', () => (Date.now = realNow));
        }
        callback(req, res);
      }
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
