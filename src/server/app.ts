import { existsSync } from 'node:fs';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from './context.ts';
import { AppError } from '../core/errors.ts';
import authPlugin from './auth/auth.plugin.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { oidcRoutes } from './auth/oidc.routes.ts';
import { secondFactorRoutes } from './auth/second-factor.routes.ts';
import { sessionCookieName } from './auth/auth.service.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { mailRoutes } from './mail/mail.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { organisationRoutes } from './organisations/organisations.routes.ts';
import { userRoutes } from './users/users.routes.ts';
import { regulationRoutes } from './regulations/regulations.routes.ts';
import { regulationEditorRoutes } from './regulations/editor.routes.ts';
import { caseRoutes } from './cases/cases.routes.ts';
import { publicRoutes } from './cases/public.routes.ts';
import { dossierRoutes } from './cases/dossier.routes.ts';
import { confidantPublicRoutes, confidantRoutes } from './cases/confidant.routes.ts';
import multipart from '@fastify/multipart';
import { reportRoutes } from './reports/reports.routes.ts';
import { measureRoutes } from './reports/measures.routes.ts';
import { oversightRoutes } from './reports/oversight.routes.ts';
import { createLetterProducer } from './letters/letters.service.ts';
import { committeeRoutes } from './committees/committees.routes.ts';
import { createReadAudit } from '../core/audit/read-audit.ts';
import { commitSyncingLater } from '../db/commit-syncing-later.ts';
import { createReadLimiter } from '../core/rate-limit.ts';
import { createIntakeInbox } from './cases/intake-inbox.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Commits the read entries waiting for their batch (tests, shutdown). */
    flushReadAudit(): Promise<void>;
    /** Writes the cases of the public filings waiting in the intake inbox (tests, shutdown). */
    settleIntake(): Promise<void>;
  }
}

export interface AppOptions {
  logger?: boolean | object;
  /** Largest JSON body in bytes (uploads have their own limit). */
  bodyLimit?: number;
}

/** Builds the app with every plugin and route module, registered by hand in a readable order. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? {
      level: deps.config.logLevel,
      // Secrets and personal data never reach the log: no cookies or tokens, no
      // status-link tokens in paths, no query strings (a search may hold a name).
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: {
        req: (req: { method: string; url: string; ip?: string; socket?: { remoteAddress?: string } }) => ({
          method: req.method,
          url: logSafeUrl(req.url),
          remoteAddress: req.ip ?? req.socket?.remoteAddress,
        }),
      },
    },
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    trustProxy: typeof deps.config.trustProxy === 'number' ? trustHops(deps.config.trustProxy) : deps.config.trustProxy,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    // Errors the router raises before any route runs get the same shape as every other error.
    frameworkErrors: (error, _req, reply: import('fastify').FastifyReply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      reply.code(status).send({ error: { code: status === 414 ? 'uri-too-long' : 'bad-url', message: error.message } });
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // A NUL character means nothing in text and PostgreSQL cannot store it: refuse it, naming the field.
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['params', req.params],
      ['querystring', req.query],
      ['body', req.body],
    ] as const) {
      const path = findNul(value, where);
      if (path) throw new AppError(400, 'invalid-input', `${path}: contains a NUL character`, [{ path, message: 'contains a NUL character' }]);
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Klachtwijzer API',
        version: '1',
        description: 'Complaint handling for the Dutch social domain. Errors: {"error": {"code", "message", "details"?}}.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(deps.config.secureCookies) },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // Read entries of the audit log are batched; a previous process's journal is chained before the first request.
  const ownReadAudit = !deps.readAudit;
  const readAudit = deps.readAudit ?? createReadAudit(deps.db, deps.config.readAudit, app.log, commitSyncingLater(deps.db, deps.config.database));
  const ownReadLimiter = !deps.readLimiter;
  const readLimiter = deps.readLimiter ?? createReadLimiter(deps.db);
  const produceLetters = createLetterProducer();
  const ownIntakeInbox = !deps.intakeInbox;
  const intakeInbox = deps.intakeInbox ?? createIntakeInbox(deps.db, produceLetters, deps.config.intakeInbox, app.log);
  deps = { ...deps, readAudit, readLimiter, intakeInbox };
  app.addHook('onReady', async () => {
    await readAudit.recover();
    await intakeInbox.recover();
  });
  app.decorate('flushReadAudit', () => readAudit.flush());
  app.decorate('settleIntake', () => intakeInbox.settle());
  // Every other request sees the cases of the filings this process acknowledged (intake-inbox.ts).
  app.addHook('onRequest', async (req) => {
    if (intakeInbox.pending() && !(req.method === 'POST' && req.routeOptions.url === '/api/v1/public/cases')) await intakeInbox.settle(256);
  });
  app.addHook('onClose', async () => {
    if (ownIntakeInbox) await intakeInbox.close();
    if (ownReadAudit) await readAudit.close();
    if (ownReadLimiter) await readLimiter.close();
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(authPlugin, { deps });

  await app.register(healthRoutes, { deps });
  await app.register(authRoutes, { prefix: '/api/v1/auth', deps });
  await app.register(oidcRoutes, { prefix: '/api/v1/auth', deps });
  await app.register(secondFactorRoutes, { prefix: '/api/v1', deps });
  await app.register(organisationRoutes, { prefix: '/api/v1/organisations', deps });
  await app.register(userRoutes, { prefix: '/api/v1/users', deps });
  await app.register(regulationRoutes, { prefix: '/api/v1/regulations', deps });
  await app.register(regulationEditorRoutes, { prefix: '/api/v1/organisations', deps });
  await app.register(committeeRoutes, { prefix: '/api/v1/committees', deps });
  await app.register(auditRoutes, { prefix: '/api/v1/audit', deps });
  await app.register(mailRoutes, { prefix: '/api/v1/mail', deps });
  await app.register(caseRoutes, { prefix: '/api/v1/cases', deps, produceLetters });
  await app.register(dossierRoutes, { prefix: '/api/v1/cases', deps });
  await app.register(confidantRoutes, { prefix: '/api/v1/cases', deps });
  await app.register(reportRoutes, { prefix: '/api/v1/reports', deps });
  await app.register(measureRoutes, { prefix: '/api/v1/measures', deps });
  await app.register(oversightRoutes, { prefix: '/api/v1/oversight', deps });
  await app.register(publicRoutes, { prefix: '/api/v1/public', deps, produceLetters, intakeLimitPerHour: deps.config.publicIntakeLimit });
  await app.register(confidantPublicRoutes, { prefix: '/api/v1/public/confidant', deps });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webDist = deps.config.webDist;
  const hasWeb = existsSync(`${webDist}/index.html`);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    // Any page of the single-page app is served its shell; the API answers 404 in JSON.
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send({ error: { code: 'not-found', message: `No route for ${req.method} ${req.url.split('?')[0]}.` } });
  });

  const hsts = deps.config.secureCookies;
  app.addHook('onSend', async (req, reply, payload) => {
    // API answers hold personal data or depend on who asks: no cache keeps them (ASVS 5.0 V14.3),
    // unless a route says otherwise.
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    // Only our own scripts run; inline styles are allowed for React's style props.
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    if (hsts) reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });

  return app;
}

/** The path of the first string (or key) holding a NUL character, searched to a bounded depth. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 8 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
    if (k.includes('\u0000')) return `${path}.${k.replace(/\u0000/g, '\\0')}`;
    const found = findNul(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The path without its query string, with secret status tokens masked. */
export function logSafeUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/\/status\/[^/]+/g, '/status/***') + (url.includes('?') ? '?…' : '');
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid-json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid-json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too-large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid-content-length'],
};

function errorHandler(this: FastifyInstance, error: FastifyError, req: { log: FastifyInstance['log']; url: string }, reply: import('fastify').FastifyReply) {
  if (error instanceof AppError) {
    return reply
      .code(error.status)
      .headers(error.headers)
      .send({ error: { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) } });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    const details = error.validation.map((v) => {
      const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
      return { path, message: v.message ?? 'invalid' };
    });
    const message = details.map((d) => `${d.path}: ${d.message}`).join('; ');
    return reply.code(400).send({ error: { code: 'invalid-input', message, details } });
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) {
    return reply.code(known[0]).send({ error: { code: known[1], message: error.message } });
  }
  if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
    const status = error.statusCode ?? 400;
    return reply.code(status).send({ error: { code: 'bad-request', message: error.message } });
  }
  req.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send({ error: { code: 'internal-error', message: 'Something went wrong on our side. Nothing you sent was lost; please try again.' } });
}

/** Trust the nearest `hops` addresses (the socket's peer and the proxies' own X-Forwarded-For entries), no further. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}
