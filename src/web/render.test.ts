import { describe, expect, it } from 'vitest';
import { createRenderer } from './render.ts';

const render = createRenderer({ isDevelopment: false });
const layout = {
  title: 'Scorecard for May 2017',
  user: { name: 'Priya Performance', roleLabel: 'Performance officer', organisation: 'Council' },
  csrfToken: 'the-csrf-token',
  navigation: [],
};

describe('page fragments', () => {
  it('renders a fragment once per object and locals, and again for other locals or another object', () => {
    const scorecard = {
      serviceArea: 'Education',
      month: { code: '2017-05', label: 'May 2017' },
      sections: [],
    };
    const locals = { areaItems: [], asAtText: '', downloads: [] };
    const first = render.fragment(scorecard, 'partials/scorecard-content.njk', locals);
    expect(render.fragment(scorecard, 'partials/scorecard-content.njk', { ...locals })).toBe(first);
    const otherText = render.fragment(scorecard, 'partials/scorecard-content.njk', {
      ...locals,
      asAtText: '2017-06-30',
    });
    expect(otherText).not.toBe(first);
    expect(otherText.toString()).toContain('value="2017-06-30"');
    expect(render.fragment({ ...scorecard }, 'partials/scorecard-content.njk', locals)).not.toBe(first);
  });

  it('joins the page around a fragment as bytes, with the person only in the page around it', () => {
    const content = Buffer.from('<p class="govuk-body">Rendered before, with “quotes” kept as UTF-8</p>');
    const html = render.page('pages/scorecard.njk', layout, content).toString('utf8');
    expect(html).toContain('<title>Scorecard for May 2017 – Scorecard</title>');
    expect(html).toContain('Priya Performance');
    expect(html).toContain('name="_csrf" value="the-csrf-token"');
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main).toContain('Rendered before, with “quotes” kept as UTF-8');
    expect(main).not.toContain('Priya Performance');
    expect(html).not.toContain('<!--fragment-');
  });

  it('refuses a page that does not show its content', () => {
    expect(() =>
      render.page('pages/error.njk', { ...layout, heading: 'Sorry', message: 'x' }, Buffer.from('x')),
    ).toThrow(/must show \{\{ content \}\} exactly once/);
  });
});
