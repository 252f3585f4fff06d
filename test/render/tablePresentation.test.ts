/**
 * Statistical presentation of the submission tables (issue 15): agreement with CIs, asymptotic and
 * exact McNemar in their own cells, kappa NE when a margin is empty, hazard ratio and log-rank p on the
 * compared group's row, and the nominal p-value footnote, in English and Chinese.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { LABELS } from '../../reports/labels.js';
import { concordanceTable } from '../../reports/tables/qualityTables.js';
import { survivalTable } from '../../reports/tables/survivalTable.js';
import { mrdComparisonsTable } from '../../reports/tables/mrdComparisonsTable.js';
import { efficacySummaryTable } from '../../reports/tables/efficacySummaryTable.js';

let a: Analysis;
beforeAll(async () => {
  a = await analyseStudy('data-samples/imroz-like');
}, 60_000);

describe.each(['en', 'zh'] as const)('table presentation (%s)', (lang) => {
  const L = LABELS[lang];

  it('concordance: positive and negative agreement with CIs, McNemar asymptotic and exact in separate cells', () => {
    const t = concordanceTable(a, L);
    expect(t.columns.length).toBe(12);
    a.concordance.forEach((c, i) => {
      const row = t.rows[i];
      const p = c.agreement.positive;
      expect(row[7]).toBe(`${(p.rate! * 100).toFixed(1)} [${(p.ciLower! * 100).toFixed(1)}${L.ciSeparator}${(p.ciUpper! * 100).toFixed(1)}]`);
      expect(row[10]).toBe(c.mcnemar.pValue < 0.0001 ? '<0.0001' : c.mcnemar.pValue.toFixed(4));
      expect(row[11]).toBe(c.mcnemar.exactPValue < 0.0001 ? '<0.0001' : c.mcnemar.exactPValue.toFixed(4));
    });
  });

  it('kappa is NE, not 0.000 [0.000, 0.000], when one method gives one result for every pair', () => {
    const c = a.concordance[0];
    const allNegative = { ...c, table: { bothNegative: 30, bothPositive: 0, ngfNegativeNgsPositive: 0, ngfPositiveNgsNegative: 4 }, kappa: { ...c.kappa, kappa: 0, ciLower: 0, ciUpper: 0 } };
    const t = concordanceTable({ ...a, concordance: [allNegative] }, L);
    expect(t.rows[0][9]).toBe('NE');
    expect(t.refs![0][9]).toBeNull();
  });

  it('time to event: hazard ratio and log-rank p on the row of the group compared, the reference row says so', () => {
    const t = survivalTable(a, L);
    const hrCol = t.columns.indexOf(L.hrCol);
    const pCol = t.columns.indexOf(L.logrankCol);
    const pfs = t.rows.filter((r) => r[0] === L.tteEndpoint('PFS'));
    const isa = pfs.find((r) => r[1] === 'Isa-VRd')!;
    const ctl = pfs.find((r) => r[1] === 'VRd')!;
    expect(isa[hrCol]).toMatch(/^0\.\d{3} \[/);
    expect(isa[pCol]).toMatch(/^(<0\.0001|0\.\d{4})$/);
    expect([ctl[hrCol], ctl[pCol]]).toEqual([L.reference, '']);
  });

  it('every table with p-values says they are nominal', () => {
    const word = lang === 'en' ? /nominal \(not adjusted for multiplicity\)/ : /名义 p 值（未作多重性校正）/;
    for (const t of [concordanceTable(a, L), survivalTable(a, L), mrdComparisonsTable(a, L), efficacySummaryTable(a, L)]) expect(t.footnotes.some((f) => word.test(f)), t.id).toBe(true);
  });
});

describe.each(['en', 'zh'] as const)('figures print estimates as the tables do (%s)', (lang) => {
  it('the PFS hazard ratio and medians on the Kaplan-Meier figure, and the overall odds ratio on the forest plot, are the table cells', async () => {
    const { figureSpecs } = await import('../../reports/figures/figureSpecs.js');
    const { estimateCi, DECIMALS } = await import('../../reports/format.js');
    const L = LABELS[lang];
    const specs = JSON.stringify(figureSpecs(a, lang));
    const pfs = survivalTable(a, L).rows.filter((r) => r[0] === L.tteEndpoint('PFS'));
    const hrCell = pfs.find((r) => /^\d\.\d{3} \[/.test(r[r.length - 2]))![survivalTable(a, L).columns.indexOf(L.hrCol)];
    expect(hrCell).toMatch(lang === 'en' ? /^0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]$/ : /^0\.\d{3} \[0\.\d{3}~0\.\d{3}\]$/);
    expect(specs).toContain(hrCell);
    const medianCell = pfs.map((r) => r[3]).find((m) => /^\d/.test(m))!;
    expect(specs).toContain(medianCell.replace(/ \[.*$/, ''));
    const overall = a.mrdComparisons.find((c) => c.endpoint === 'MRD_NEG' && c.population === 'ITT' && c.threshold === a.plan.mrd.primaryThreshold)!;
    expect(specs).toContain(estimateCi(overall.orMH, overall.orLower, overall.orUpper, DECIMALS.ratio, L.ciSeparator));
    // no CI in the old (lo–hi) form: a decimal number, an en dash, then a number or NR
    expect(specs).not.toMatch(/\d\.\d+–(\d|NR)/);
  });
});

describe('powers of ten are raised by every renderer, and stay 10^-5 in CSV', () => {
  it('RTF \\super, DOCX superscript run, HTML <sup>, SVG tspan', async () => {
    const { rtfEscape } = await import('../../reports/render/rtf.js');
    const { htmlText } = await import('../../reports/render/html.js');
    const { svgText } = await import('../../reports/figures/svgMarkup.js');
    const { renderDocx } = await import('../../reports/render/docx.js');
    const { readZip, zipText } = await import('./zipLite.js');
    expect(rtfEscape('MRD_NEG_DURATION (10^-5)')).toBe('MRD_NEG_DURATION (10{\\super \\u8722?5})');
    expect(htmlText('threshold 10^-5 & more')).toBe('threshold 10<sup>\u22125</sup> &amp; more');
    expect(svgText(1, 2, 'at 10^-6 & <', { size: 10 })).toBe('<text x="1" y="2" font-family="Noto Sans SC" font-size="10" fill="#000">at 10<tspan baseline-shift="super" font-size="70%">\u22126</tspan> &amp; &lt;</text>');
    const t = { id: 't', title: 'At 10^-5', subtitle: '', columns: ['Threshold'], rows: [['10^-4']], footnotes: [] };
    const doc = zipText(readZip(await renderDocx(t, { lang: 'en', studyTitle: 'S' })), 'word/document.xml');
    expect(doc).toMatch(/<w:vertAlign w:val="superscript"\/>[\s\S]*?<w:t[^>]*>\u22124<\/w:t>/);
    const { toCsv } = await import('../../reports/render/csv.js');
    expect(toCsv(t.columns, t.rows)).toContain('10^-4');
  });
});

describe.each(['en', 'zh'] as const)('labels, not codes (%s)', (lang) => {
  it('time-to-event endpoints and sample reasons are written out; codes are kept for unknown ones', () => {
    const L = LABELS[lang];
    const names = new Set(survivalTable(a, L).rows.map((r) => r[0]));
    for (const n of names) expect(n, n).not.toMatch(/MRD_NEG_DURATION|PFS_BY_MRD|^PFS$|^OS$/);
    expect(L.tteEndpoint('PFS_BY_MRD_12M')).toMatch(lang === 'en' ? /^PFS from month 12 by MRD status at month 12$/ : /第 12 个月/);
    expect(L.tteEndpoint('EFS')).toBe('EFS');
    expect(L.reason('BEFORE_RANDOMISATION')).toBe(lang === 'en' ? 'collected before randomisation' : '采集于随机化之前');
    expect(L.reason('FAILED+LOD_ABOVE_THRESHOLD')).toBe(lang === 'en' ? 'test failed + sensitivity (LOD) above the threshold' : '检测失败 + 灵敏度（检测下限）高于临界值');
    for (const f of survivalTable(a, L).footnotes) expect(f).not.toMatch(/MRD_NEG_DURATION|PFS_BY_MRD_/);
  });
});

describe('table styling', () => {
  it('figure columns centred, section rows bold with their members indented, in RTF, DOCX and HTML; listings plain', async () => {
    const { tableStyle } = await import('../../reports/render/page.js');
    const { renderRtf } = await import('../../reports/render/rtf.js');
    const { tableHtml } = await import('../../reports/render/html.js');
    const t = efficacySummaryTable(a, LABELS.en);
    const s = tableStyle(t);
    expect(s.centred).toEqual([false, true, true]);
    expect(s.rowKind[0]).toBe('group');
    expect(s.rowKind[1]).toBe('member');
    expect(s.rowKind.filter((k) => k === 'group').length).toBe(2);
    const rtf = renderRtf(t, { lang: 'en', studyTitle: 'S' });
    const { rtfEscape } = await import('../../reports/render/rtf.js');
    expect(rtf).toContain(`\\b ${rtfEscape(t.rows[0][0])}\\cell`);
    expect(rtf).toContain(`\\pard\\intbl\\ql\\li200`);
    expect(rtf).not.toContain(`\\b ${rtfEscape(t.rows[1][0])}\\cell`);
    expect(rtf).toMatch(/\\pard\\intbl\\qc/);
    const html = tableHtml(t);
    expect(html).toContain('<tr class="group">');
    expect(html).toContain('<tr class="member">');
    expect(html).toContain('<td class="num">');
    expect(tableStyle({ ...t, refs: undefined }).centred.every((c) => !c)).toBe(true);
  });
});

describe('comparison label', () => {
  it('is said once in the subtitle with one experimental arm, not repeated on every row', () => {
    const t = mrdComparisonsTable(a, LABELS.en);
    expect(t.columns).not.toContain(LABELS.en.comparisonCol);
    expect(t.subtitle.startsWith('Isa-VRd vs VRd; ')).toBe(true);
    expect(t.rows.every((r) => !r.includes('Isa-VRd vs VRd'))).toBe(true);
    const three = { ...a, plan: { ...a.plan, arms: [...a.plan.arms, { code: 'X', label: 'X arm', control: false }] } };
    expect(mrdComparisonsTable(three, LABELS.en).columns).toContain(LABELS.en.comparisonCol);
  });
});
