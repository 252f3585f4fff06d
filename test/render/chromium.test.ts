/**
 * report.html in a real browser (issue 15): Debian's chromium driven by puppeteer-core. No console or
 * page error and no request (the page is self-contained); a contents entry and a section for every
 * table and figure; no horizontal scroll at 1300 px; printed on A4 landscape, no element wider than
 * the page and every table title in the PDF. Keeps the PDF and screenshots under test-artefacts/
 * (git-ignored; not under out/, which `npm start` then refused to replace: a folder mrd did not write). Skipped, saying so, where chromium is not installed outside CI; CI installs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyseStudy } from '../../pipeline/analyse.js';
import { buildOutputs } from '../../reports/buildOutputs.js';
import { svgOnly } from '../helpers/figureRenderers.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM && process.env.CI) throw new Error('chromium is required in CI (.ci/run installs it)');
const ARTEFACTS = resolve('test-artefacts');
const TABLES = ['efficacy_summary', 'mrd_rates', 'mrd_comparisons', 'time_to_event', 'landmark_rates', 'concordance', 'assay_failures', 'interference_flags'];

let dir: string;
let browser: import('puppeteer-core').Browser;
const pages: Record<string, string> = {};
let figureIds: string[] = [];

beforeAll(async () => {
  if (!CHROMIUM) return;
  dir = mkdtempSync(join(tmpdir(), 'mrd-chromium-'));
  mkdirSync(ARTEFACTS, { recursive: true });
  const a = await analyseStudy('data-samples/imroz-like');
  for (const lang of ['en', 'zh'] as const) {
    const files = await buildOutputs(a, { lang, version: 'test', runDate: '2026-12-04', figures: svgOnly() });
    pages[lang] = join(dir, `report-${lang}.html`);
    writeFileSync(pages[lang], files.get('report.html') as string);
    figureIds = [...files.keys()].filter((f) => f.endsWith('.svg')).map((f) => f.slice('figures/'.length, -4));
  }
  const puppeteer = (await import('puppeteer-core')).default;
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!CHROMIUM)('report.html in headless Chromium', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`${lang}: no error, every table and figure listed and shown, no horizontal scroll, fits A4 landscape in print`, async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
      page.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && problems.push(`request: ${r.url()}`));
      await page.setViewport({ width: 1300, height: 900 });
      await page.goto(`file://${pages[lang]}`, { waitUntil: 'load' });
      expect(problems).toEqual([]);

      const toc = await page.$$eval('nav a', (as) => as.map((a) => (a as unknown as { hash: string }).hash.slice(1)));
      for (const id of [...TABLES, ...figureIds.map((f) => `fig-${f}`)]) {
        expect(toc, `contents entry for ${id}`).toContain(id);
        expect(await page.$(`#${id}`), `section ${id}`).not.toBeNull();
      }
      expect(await page.$$eval('figure svg', (s) => s.length)).toBe(figureIds.length);
      // browser-side code as text: the test program has no DOM types
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1300);
      await (await page.$('#mrd_rates'))!.screenshot({ path: join(ARTEFACTS, `table-mrd_rates-${lang}.png`) });
      await page.screenshot({ path: join(ARTEFACTS, `report-${lang}.png`) });

      // printed: A4 landscape less the @page margins (297 - 24 mm) at 96 px per inch
      await page.emulateMediaType('print');
      const width = Math.floor(((297 - 24) / 25.4) * 96);
      await page.setViewport({ width, height: 700 });
      const overflow = (await page.evaluate(`(() => {
        const wide = [];
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > ${width} + 1) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + Math.round(r.right) + 'px');
        }
        return wide.slice(0, 10);
      })()`)) as string[];
      expect(overflow, 'elements wider than the printed page').toEqual([]);
      const pdf = join(ARTEFACTS, `report-${lang}.pdf`);
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      if (text) for (const t of lang === 'en' ? ['Table 14.2.1.2', 'Table 14.2.2.2', 'Figure 1:'] : ['表 14.2.1.2', '表 14.2.2.2', '图 1']) expect(text, t).toContain(t);
      await page.close();
    }, 120_000);
  }
});
