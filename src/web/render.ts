import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const VIEWS = fileURLToPath(new URL('./views/', import.meta.url));
export const GOVUK_FRONTEND_DIST = join(
  dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);

/**
 * The Nunjucks environment: our views first, then GOV.UK Frontend's macros
 * ("govuk/components/…"). Autoescaping is on, so anything people typed
 * (commentary, titles) is shown as text, never run as markup.
 */
export function createRenderer(options: { isDevelopment: boolean }) {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([VIEWS, GOVUK_FRONTEND_DIST], { noCache: false }),
    {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    },
  );
  env.addGlobal('isDevelopment', options.isDevelopment);
  env.addFilter('paragraphs', (text: string | null | undefined) =>
    (text ?? '').split(/\n{2,}/).filter((p) => p.trim()),
  );
  env.addFilter('dateTime', (d: Date) =>
    d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }),
  );
  return (view: string, context: Record<string, unknown>): string => env.render(view, context);
}

export type Render = ReturnType<typeof createRenderer>;
