import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Services } from '../services/index.ts';
import { createRenderer, GOVUK_FRONTEND_DIST } from '../web/render.ts';
import { registerErrorHandling } from './errors.ts';
import { registerApi } from './routes/api.ts';
import { registerPages } from './routes/pages.ts';

const OWN_ASSETS = fileURLToPath(new URL('../web/assets/', import.meta.url));

export interface AppOptions {
  isDevelopment: boolean;
  logger?: boolean;
}

/** The HTTP application over the services: pages, the JSON API and static assets. */
export async function createApp(services: Services, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 10 * 1024 * 1024 });
  const render = createRenderer({ isDevelopment: options.isDevelopment });

  await app.register(formbody);
  await app.register(fastifyStatic, {
    root: [join(GOVUK_FRONTEND_DIST, 'govuk'), join(GOVUK_FRONTEND_DIST, 'govuk', 'assets'), OWN_ASSETS],
    prefix: '/assets/',
    allowedPath: (path) => !path.includes('..') && /\.(css|js|woff2?|png|svg|ico|json|map)$/.test(path),
    maxAge: '1d',
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    return payload;
  });
  registerErrorHandling(app, render, options);
  registerPages(app, services, render);
  registerApi(app, services);
  return app;
}
