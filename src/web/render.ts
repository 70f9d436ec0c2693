import { randomUUID } from 'node:crypto';
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
  const render: RenderView = (view, context) => env.render(view, context);

  // Fragments of pages kept as UTF-8 bytes, per object they are built from (see `fragment`).
  const fragments = new WeakMap<object, Map<string, Buffer>>();
  /**
   * A part of a page rendered once and kept as UTF-8 bytes, for an object
   * built once and never changed afterwards (a cached scorecard): the view
   * sees the object as `item`, the `locals` and the globals, and nothing
   * else, so nothing about the person viewing the page (their name, their
   * CSRF token) can be kept in it. It is kept per object and per `locals`,
   * and goes when the object goes. Bytes, because encoding a large page
   * anew on every response costs more than rendering its layout.
   */
  function fragment(item: object, view: string, locals: Record<string, unknown> = {}): Buffer {
    let byKey = fragments.get(item);
    if (!byKey) fragments.set(item, (byKey = new Map()));
    const key = `${view}\n${JSON.stringify(locals)}`;
    let bytes = byKey.get(key);
    if (!bytes) {
      bytes = Buffer.from(env.render(view, { ...locals, item }));
      // The locals can come from a query string: keep a few variants per object, not any number.
      if (byKey.size >= MAX_FRAGMENTS_PER_ITEM) byKey.clear();
      byKey.set(key, bytes);
    }
    return bytes;
  }

  // Stands in for a fragment while its page is rendered. A comment, which escaped text can never
  // contain, and random, so no template's own markup can contain it either.
  const slotMarker = `<!--fragment-${randomUUID()}-->`;
  /**
   * A page whose `{{ content }}` is a fragment already rendered (see
   * `fragment`): the page around it is rendered, and the bytes of the two
   * are joined, so the fragment is neither rendered nor encoded again.
   */
  function page(view: string, context: Record<string, unknown>, content: Buffer): Buffer {
    const html = env.render(view, { ...context, content: new nunjucks.runtime.SafeString(slotMarker) });
    const at = html.indexOf(slotMarker);
    if (at < 0 || html.indexOf(slotMarker, at + 1) >= 0) {
      throw new Error(`${view} must show {{ content }} exactly once`);
    }
    return Buffer.concat([
      Buffer.from(html.slice(0, at)),
      content,
      Buffer.from(html.slice(at + slotMarker.length)),
    ]);
  }

  return Object.assign(render, { fragment, page });
}

const MAX_FRAGMENTS_PER_ITEM = 4;

/** Renders one view with its context to HTML. */
export type RenderView = (view: string, context: Record<string, unknown>) => string;
export type Render = ReturnType<typeof createRenderer>;
