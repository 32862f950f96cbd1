import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { IdentityProviderConfig } from '@continuum/config';
import { mongoTls } from '@continuum/config';
import type { Logger } from '@continuum/log';
import { activeStaffMember, connectStore } from '@continuum/store';
import { createIdentityProvider, staffAppGrant, type ProviderKeys } from './provider';

/**
 * The embedded OpenID provider of `npm start` and the tests: oidc-provider (OpenID Certified) with a sign-in
 * page of our own. Staff sign in with their directory id and the installation's development password; facility
 * systems get tokens by client credentials signed with their own key. A city runs its own provider instead.
 */
export async function startIdentityService(config: IdentityProviderConfig, log: Logger) {
  const keys = JSON.parse(readFileSync(config.IDP_KEYS_FILE, 'utf8')) as ProviderKeys;
  const store = await connectStore(config.MONGO_URL, mongoTls(config));
  const provider = createIdentityProvider({ issuer: config.OIDC_ISSUER, keys, store, accessTokenTtl: config.ACCESS_TOKEN_TTL_SECONDS });
  provider.on('server_error', (_ctx, err) => log.error({ err: err.message }, 'identity provider error'));
  provider.on('grant.error', (_ctx, err) => log.info({ err: err.message }, 'token request refused'));

  const app = express();
  app.disable('x-powered-by');
  app.use('/interaction', helmet(), (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });
  // Failed sign-ins are limited per address and staff id: a guessed password gets a few tries a minute, while a
  // whole office signing in at nine from one address is not held up; and per address over all ids, so
  // nobody sprays one password over the directory.
  const signInKey = (req: express.Request) =>
    `${ipKeyGenerator(req.ip ?? '')}|${typeof req.body?.login === 'string' ? req.body.login.trim().slice(0, 64) : ''}`;
  const failedSignIns = rateLimit({
    windowMs: 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    keyGenerator: signInKey,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
  });
  const failedSignInsFromAddress = rateLimit({ windowMs: 60_000, limit: 100, skipSuccessfulRequests: true, standardHeaders: 'draft-8', legacyHeaders: false });
  const password = createHash('sha256').update(config.IDP_DEV_PASSWORD).digest();

  app.get('/interaction/:uid', async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'login') return void res.status(400).type('text').send('this sign-in step is not supported');
      res.type('html').send(signInPage(details.uid));
    } catch (err) {
      next(err);
    }
  });

  app.post(
    '/interaction/:uid/login',
    express.urlencoded({ extended: false, limit: '4kb' }),
    failedSignInsFromAddress,
    failedSignIns,
    async (req, res, next) => {
      try {
        const details = await provider.interactionDetails(req, res);
        const login = typeof req.body?.login === 'string' ? req.body.login.trim() : '';
        const given = typeof req.body?.password === 'string' ? createHash('sha256').update(req.body.password).digest() : Buffer.alloc(32);
        const member = login ? await activeStaffMember(store, login) : null;
        // The same answer for an unknown id, a deactivated member and a wrong password.
        if (!timingSafeEqual(given, password) || !member) {
          log.info({ uid: details.uid }, 'sign-in refused');
          return void res.status(401).type('html').send(signInPage(details.uid, 'Unknown staff id or wrong password.'));
        }
        const grantId = await staffAppGrant(provider, member.sub, String(details.params.client_id));
        await provider.interactionFinished(req, res, { login: { accountId: member.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
      } catch (err) {
        next(err);
      }
    },
  );

  app.use(provider.callback());
  app.use(((err, _req, res, _next) => {
    log.warn({ err: (err as Error).message }, 'sign-in failed');
    res.status(400).type('text').send('sign-in failed; start again from the application');
  }) as express.ErrorRequestHandler);

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(config.IDP_PORT, config.HTTP_HOST, () => resolve(s));
    s.once('error', reject);
  });
  log.info({ issuer: config.OIDC_ISSUER }, 'identity provider listening');
  return {
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInPage(uid: string, error?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Continuum sign-in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<main>
<h1>Continuum sign-in</h1>
<p>Development identity provider: sign in with a staff id of the directory and this installation's password.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label>Staff id <input name="login" required autofocus></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button>
</form>
</main>
</body></html>`;
}
