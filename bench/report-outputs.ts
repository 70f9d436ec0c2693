import { renderDocx } from '../src/reports/render-docx.ts';
import { renderXlsx } from '../src/reports/render-xlsx.ts';
import { largeReport } from '../test/support/sample-report.ts';

/**
 * `npx tsx bench/report-outputs.ts [indicators]`: how long a large report
 * pack (60 indicators by default, each a 6 × 9 scorecard table and a trend
 * chart) takes to render to XLSX (goal: 3 s) and DOCX. Three runs each,
 * after one to warm up; prints the times and the file sizes.
 */

const indicators = Number(process.argv[2] ?? 60);
const document = largeReport(indicators);

async function measure(name: string, render: () => Promise<Buffer>): Promise<void> {
  await render();
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    size = (await render()).length;
    times.push(performance.now() - start);
  }
  const ms = times.map((t) => Math.round(t));
  console.log(`${name}: ${ms.join(' / ')} ms (best ${Math.min(...ms)} ms), ${Math.round(size / 1024)} KiB`);
}

console.log(`${indicators} indicators: ${indicators} tables, ${indicators} charts`);
await measure('XLSX', () => renderXlsx(document));
await measure('DOCX', () => renderDocx(document));
