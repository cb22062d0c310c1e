import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Deps } from '../context.ts';
import { AppError } from '../../core/errors.ts';
import { actorFromSession, actorFromToken, sessionCookieName } from './auth.service.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller (session cookie or bearer token) on every request, and
 * refuses cross-site writes made with the cookie. The cookie is SameSite=Strict
 * already; the Fetch-Metadata/Origin check is the second lock (OWASP CSRF
 * cheat sheet). Bearer tokens are not sent by browsers on their own, so they
 * need no such check.
 */
async function authPlugin(app: FastifyInstance, { deps }: { deps: Deps }) {
  const cookieName = sessionCookieName(deps.config.secureCookies);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.actor = await actorFromToken(deps.db, header.slice(7).trim());
      if (!req.actor) throw new AppError(401, 'invalid-token', 'The API token is invalid, expired or revoked.');
    } else {
      const secret = req.cookies[cookieName];
      if (!secret) return;
      if (!SAFE.has(req.method) && isCrossSite(req, deps.config.publicUrl)) {
        throw new AppError(403, 'cross-site-request', 'Cross-site requests are not accepted.');
      }
      req.actor = await actorFromSession(deps.db, secret, deps.config.session);
    }
    if (req.actor?.secondFactorEnrolmentRequired && req.url.startsWith('/api/') && !OPEN_DURING_ENROLMENT.has(req.routeOptions.url ?? '')) {
      throw new AppError(403, 'second-factor-enrolment-required', 'An organisation you administer requires a second factor. Set it up on your account page before anything else.');
    }
  });
}

/** What an admin who must enrol a second factor can still do. */
const OPEN_DURING_ENROLMENT = new Set([
  '/api/v1/auth/session',
  '/api/v1/auth/me',
  '/api/v1/auth/logout',
  '/api/v1/auth/second-factor',
  '/api/v1/auth/second-factor/enrolment',
  '/api/v1/auth/second-factor/enrolment/confirm',
]);

function isCrossSite(req: FastifyRequest, publicUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  if (origin === new URL(publicUrl).origin) return false;
  // `Origin: null` (sandboxed frames, redirects, file: pages) or anything unparsable is no site of ours.
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  const host = req.headers.host;
  return originHost === '' || host === undefined || originHost !== host;
}

export default fp(authPlugin, { name: 'auth' });
