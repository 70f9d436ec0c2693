import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/support/sample-report.ts';
import { renderPdf } from './render-pdf.ts';

describe('renderPdf', () => {
  it('says plainly that PDFs need Chromium when the server has none, and which formats still work', async () => {
    await expect(
      renderPdf('<html></html>', sampleReport(), 'now', { chromiumPath: '/nowhere/chromium' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        /no Chromium at \/nowhere\/chromium.*CHROMIUM_PATH; the HTML, Word and Excel/,
      ),
    });
  });
});
