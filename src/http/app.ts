import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Services } from '../services/index.ts';
import { createRenderer, GOVUK_FRONTEND_DIST } from '../web/render.ts';
import { registerAuth } from './auth.ts';
import { registerErrorHandling } from './errors.ts';
import { registerAccountPages } from './routes/account.ts';
import { registerAdminPages } from './routes/admin.ts';
import { registerApi } from './routes/api.ts';
import { registerContractPages } from './routes/contracts.ts';
import { registerImportPages } from './routes/imports.ts';
import { registerImprovementPages } from './routes/improvement.ts';
import { registerMeasurePages } from './routes/measures.ts';
import { registerExports } from './routes/exports.ts';
import { registerPages } from './routes/pages.ts';
import { registerPublicationPages } from './routes/publication.ts';
import { registerReportPages } from './routes/reports.ts';
import { registerSchoolPages } from './routes/schools.ts';
import { registerSingleSignOn } from './routes/single-sign-on.ts';
import { registerTemplatePages } from './routes/templates.ts';
import type { SingleSignOnConfig } from '../services/access/single-sign-on.ts';

const OWN_ASSETS = fileURLToPath(new URL('../web/assets/', import.meta.url));

export interface AppOptions {
  isDevelopment: boolean;
  /** Cookies only over HTTPS (and HSTS): on whenever the service is reached over HTTPS. */
  isSecure: boolean;
  /** Sign-in attempts allowed per address per minute. */
  signInAttemptsPerMinute?: number;
  /** Single sign-on by OpenID Connect, when configured. */
  singleSignOn?: SingleSignOnConfig | null;
  /** Behind a reverse proxy, the client's address comes from X-Forwarded-For. */
  trustProxy?: boolean;
  /** The Chromium that prints report packs to PDF. */
  chromiumPath?: string;
  logger?: boolean;
}

/** Debian's Chromium package, which prints report packs to PDF unless CHROMIUM_PATH says otherwise. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Request bodies (JSON, forms, uploads) larger than this are refused before they are read. */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** The HTTP application over the services: pages, the JSON API and static assets, behind sign-in. */
export async function createApp(services: Services, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy ?? false,
  });
  const render = createRenderer({ isDevelopment: options.isDevelopment });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // The charts are inline SVG whose shapes carry style attributes; no <style> or script is inline.
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(options.isSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.isSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(rateLimit, { global: false });
  await app.register(formbody);
  await app.register(fastifyStatic, {
    root: [join(GOVUK_FRONTEND_DIST, 'govuk'), join(GOVUK_FRONTEND_DIST, 'govuk', 'assets'), OWN_ASSETS],
    prefix: '/assets/',
    allowedPath: (path) => !path.includes('..') && /\.(css|js|woff2?|png|svg|ico|json|map)$/.test(path),
    maxAge: '1d',
  });
  const auth = await registerAuth(app, services, { isSecureCookie: options.isSecure });
  registerErrorHandling(app, render, options);
  registerAccountPages(app, services, render, auth, {
    attemptsPerMinute: options.signInAttemptsPerMinute ?? 10,
    singleSignOnLabel: options.singleSignOn?.label ?? null,
  });
  if (options.singleSignOn)
    registerSingleSignOn(app, { db: services.db, auth, config: options.singleSignOn });
  registerAdminPages(app, services, render);
  registerPages(app, services, render);
  registerContractPages(app, services, render);
  registerImportPages(app, services, render);
  registerPublicationPages(app, services, render);
  registerSchoolPages(app, services, render);
  registerImprovementPages(app, services, render);
  registerMeasurePages(app, services, render);
  registerReportPages(app, services, render, { chromiumPath: options.chromiumPath ?? DEFAULT_CHROMIUM });
  registerExports(app, services);
  registerTemplatePages(app, services, render);
  registerApi(app, services);
  return app;
}
