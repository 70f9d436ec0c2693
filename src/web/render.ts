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
  // A partial rendered once per object, for objects built once and never changed afterwards (the
  // sections of a cached scorecard): a page served from the services' cache reuses their markup
  // instead of redoing it. The partial sees the object as `item`, and globals, nothing else.
  const renderedOnce = new WeakMap<object, Map<string, nunjucks.runtime.SafeString>>();
  env.addFilter('renderOnce', (item: object, view: string) => {
    let byView = renderedOnce.get(item);
    if (!byView) renderedOnce.set(item, (byView = new Map()));
    let html = byView.get(view);
    if (!html) {
      html = new nunjucks.runtime.SafeString(flatten(env.render(view, { item })));
      byView.set(view, html);
    }
    return html;
  });
  return (view: string, context: Record<string, unknown>): string => env.render(view, context);
}

export type Render = ReturnType<typeof createRenderer>;

/**
 * Nunjucks builds its output by concatenation, which V8 keeps as a tree of
 * thousands of fragments until something reads the string whole. Converting
 * a string to a number makes V8 flatten it in place (the trick of the
 * flatstr package), so markup kept for reuse is copied as one piece into
 * every page, rather than walked fragment by fragment on each response.
 */
function flatten(text: string): string {
  Number(text);
  return text;
}
