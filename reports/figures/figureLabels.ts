/** Every word the figures print, in English and Chinese (the tables' words are in reports/labels.ts). */
export interface FigureLabels {
  /** title of the Kaplan-Meier figure of a tte.csv endpoint by arm */
  kmTitle: (endpoint: string) => string;
  kmPfsByMrdTitle: (landmark: number, threshold: string) => string;
  /** population and test line of a figure by arm; strata null when unstratified */
  kmArmPopulation: (strata: string | null) => string;
  /** subtitle lines of the landmark figure */
  kmMrdPopulation: (landmark: number) => string[];
  /** what is drawn: estimates, CI band, censoring ticks, median lines */
  kmMethods: (level: number, confType: string) => string;
  /** x axis of the Kaplan-Meier figures */
  monthsSinceRandomisation: string;
  monthsSinceLandmark: string;
  /** y axis: event-free probability of the endpoint */
  survivalAxis: (endpoint: string) => string;
  /** legend title of the arms */
  arm: string;
  /** legend title of the MRD groups */
  mrdGroup: string;
  /** group of the landmark figure (the subtitle says "by the landmark") */
  mrdGroupLabel: (code: string) => string;
  numberAtRisk: string;
  numberAtRiskWithCounts: string;
  lang: 'en' | 'zh';
  /** between the limits of a CI, as in the tables (", " or "~") */
  ciSeparator: string;
  /** one line of the statistics note: group, events/N and the median with its CI */
  groupSummary: (group: string, events: number, n: number, median: string, ci: string, level: number) => string;
  versus: (group: string, reference: string) => string;
  hazardRatio: (comparison: string, hr: string, ci: string, level: number) => string;
  hazardRatioNe: (comparison: string) => string;
  logrank: (p: string, stratified: boolean) => string;
  notReached: string;
  /** a number of months, e.g. "14.7 months" */
  months: (v: string) => string;
  mrdRatesTitle: string;
  mrdRatesSubtitle: (n: number, level: number, method: string) => string;
  thresholdAxis: string;
  /** x label of the primary threshold */
  primaryThreshold: (t: string) => string;
  rateAxis: string;
  /** panel header of an endpoint */
  endpoint: (code: string) => string;
  forestTitle: (threshold: string) => string;
  forestSubtitle: (level: number) => string[];
  subgroupCol: string;
  /** second header line of the rate columns */
  rateColumn: string;
  /** heading of a comparison when there are several experimental arms */
  versusOr: (experimental: string, control: string) => string;
  favoursExperimental: string;
  oddsRatioCol: (level: number) => string;
  /** the interaction p of a subgroup variable (Woolf test), on its row of the forest plot */
  interactionP: (p: string) => string;
  oddsRatioAxis: string;
  overall: string;
  favours: (arm: string) => string;
  swimmerTitle: (threshold: string) => string;
  /** page k of n: which subjects of how many (lanes sorted by duration) */
  swimmerSubtitle: (from: number, to: number, total: number, page: number, pages: number, omitted: number) => string;
  swimmerEvents: string;
  swimmerEvent: (code: 'PROGRESSION' | 'NEW_THERAPY') => string;
  monthsAxis: string;
  method: string;
  status: string;
  statusLabel: (code: string) => string;
  failuresTitle: string;
  failuresSubtitle: string;
  failedCount: string;
  /** FAILRSN empty */
  reasonNotGiven: string;
  /** a reason given for several methods */
  reasonOfMethod: (reason: string, method: string) => string;
}

const pctLevel = (level: number) => `${Math.round(level * 1000) / 10}%`;

export const FIGURE_LABELS: Record<'en' | 'zh', FigureLabels> = {
  en: {
    lang: 'en',
    kmTitle: (e) => (e === 'PFS' ? 'Progression-free survival by arm' : e === 'OS' ? 'Overall survival by arm' : `${e} by arm`),
    kmPfsByMrdTitle: (l, t) => `Progression-free survival by MRD status at month ${l} (threshold ${t})`,
    kmArmPopulation: (strata) => `ITT population; ${strata ? `log-rank test and Cox model stratified by ${strata}` : 'unstratified log-rank test and Cox model'}`,
    kmMrdPopulation: (l) => [`Landmark analysis: ITT subjects event-free at month ${l}, grouped by MRD negativity reached by then; time from the landmark`, 'Log-rank test and Cox model stratified by arm'],
    kmMethods: (level, conf) => `Kaplan-Meier estimates; shaded: pointwise ${pctLevel(level)} CI (${conf}); tick marks: censored; dashed lines: median`,
    monthsSinceRandomisation: 'Months since randomisation',
    monthsSinceLandmark: 'Months since the landmark',
    survivalAxis: (e) => (e === 'PFS' || e.startsWith('PFS_BY_MRD') ? 'Progression-free survival (%)' : e === 'OS' ? 'Overall survival (%)' : `Event-free probability, ${e} (%)`),
    arm: 'Arm',
    mrdGroup: 'MRD status at the landmark',
    mrdGroupLabel: (c) => (c === 'MRD_NEG' ? 'MRD negative' : c === 'NOT_MRD_NEG' ? 'Not MRD negative' : c),
    numberAtRisk: 'Number at risk',
    numberAtRiskWithCounts: 'Number at risk (cumulative events; censored)',
    ciSeparator: ', ',
    groupSummary: (g, e, n, m, ci, level) => `${g}: ${e}/${n} events; median ${m} ${ci} (${pctLevel(level)} CI)`,
    versus: (g, r) => `${g} vs ${r}`,
    hazardRatio: (c, hr, ci, level) => `Hazard ratio, ${c}: ${hr} ${ci} (${pctLevel(level)} CI)`,
    hazardRatioNe: (c) => `Hazard ratio, ${c}: not estimable`,
    logrank: (p, s) => `${s ? 'Stratified log-rank' : 'Log-rank'} p ${p.startsWith('<') ? p : `= ${p}`}`,
    notReached: 'NR',
    months: (v) => `${v} months`,
    mrdRatesTitle: 'MRD negativity rate by threshold (ITT)',
    mrdRatesSubtitle: (n, level, method) => `ITT N = ${n}; bars: rate; error bars: ${pctLevel(level)} CI (${method === 'wilson' ? 'Wilson score' : 'Clopper-Pearson exact'})`,
    thresholdAxis: 'MRD threshold',
    primaryThreshold: (t) => `${t} (primary)`,
    rateAxis: 'Subjects MRD negative (%)',
    endpoint: (c) => (c === 'MRD_NEG' ? 'MRD negative' : c === 'MRD_NEG_CR' ? 'MRD-negative CR (≥CR and MRD negative)' : c),
    forestTitle: (t) => `MRD negativity by subgroup (ITT, threshold ${t})`,
    forestSubtitle: (level) => [`Odds ratio of MRD negativity, experimental vs control, with ${pctLevel(level)} CI`, 'Overall: Mantel-Haenszel, stratified by the randomisation strata (Robins-Breslow-Greenland CI); subgroups: unstratified; interaction p: Woolf test of homogeneity of the odds ratios across the levels (nominal)'],
    subgroupCol: 'Subgroup',
    rateColumn: 'n/N (%)',
    versusOr: (e, c) => `${e} vs ${c}`,
    favoursExperimental: 'Favours experimental',
    oddsRatioCol: (level) => `Odds ratio (${pctLevel(level)} CI)`,
    interactionP: (p) => `interaction p ${p.startsWith('<') ? p : `= ${p}`}`,
    oddsRatioAxis: 'Odds ratio (log scale)',
    overall: 'Overall',
    favours: (arm) => `Favours ${arm}`,
    swimmerTitle: (t) => `MRD results over time by subject (status at threshold ${t})`,
    swimmerSubtitle: (from, to, total, page, pages, omitted) =>
      `Subjects ${from}–${to} of ${total} with an MRD sample, longest follow-up first (page ${page} of ${pages})` + (omitted ? `; ${omitted} more not drawn (report.swimmer.maxPages)` : ''),
    swimmerEvents: 'Event',
    swimmerEvent: (c) => (c === 'PROGRESSION' ? 'Progression or death' : 'Subsequent therapy'),
    monthsAxis: 'Months since randomisation',
    method: 'Method',
    status: 'Status',
    statusLabel: (c) => ({ NEG: 'Negative', POS: 'Positive', NE: 'Not evaluable', EXCLUDED: 'Does not count (excluded)' })[c] ?? c,
    failuresTitle: 'Failed MRD tests by reason',
    failuresSubtitle: 'Counts of FAILED results, all specimens and labs',
    failedCount: 'Failed tests',
    reasonNotGiven: 'Reason not given',
    reasonOfMethod: (r, m) => `${r} (${m})`,
  },
  zh: {
    lang: 'zh',
    kmTitle: (e) => (e === 'PFS' ? '各治疗组无进展生存' : e === 'OS' ? '各治疗组总生存' : `各治疗组 ${e}`),
    kmPfsByMrdTitle: (l, t) => `按第 ${l} 个月 MRD 状态的无进展生存（临界值 ${t}）`,
    kmArmPopulation: (strata) => `ITT 人群；${strata ? `对数秩检验和 Cox 模型按 ${strata} 分层` : '未分层的对数秩检验和 Cox 模型'}`,
    kmMrdPopulation: (l) => [`标志性分析：第 ${l} 个月时无事件的 ITT 受试者，按该时间点前是否达到 MRD 阴性分组；自标志时间点计时`, '对数秩检验和 Cox 模型按治疗组分层'],
    kmMethods: (level, conf) => `Kaplan-Meier 估计；阴影：逐点 ${pctLevel(level)} CI（${conf} 转换）；竖线标记：删失；虚线：中位时间`,
    monthsSinceRandomisation: '随机化后时间（月）',
    monthsSinceLandmark: '标志时间点后时间（月）',
    survivalAxis: (e) => (e === 'PFS' || e.startsWith('PFS_BY_MRD') ? '无进展生存率（%）' : e === 'OS' ? '总生存率（%）' : `无事件概率，${e}（%）`),
    arm: '治疗组',
    mrdGroup: '标志时间点 MRD 状态',
    mrdGroupLabel: (c) => (c === 'MRD_NEG' ? 'MRD 阴性' : c === 'NOT_MRD_NEG' ? '非 MRD 阴性' : c),
    numberAtRisk: '风险人数',
    numberAtRiskWithCounts: '风险人数（累计事件数；删失数）',
    ciSeparator: '~',
    groupSummary: (g, e, n, m, ci, level) => `${g}：事件 ${e}/${n}；中位时间 ${m} ${ci}（${pctLevel(level)} CI）`,
    versus: (g, r) => `${g} 对比 ${r}`,
    hazardRatio: (c, hr, ci, level) => `风险比（${c}）：${hr} ${ci}（${pctLevel(level)} CI）`,
    hazardRatioNe: (c) => `风险比（${c}）：无法估计`,
    logrank: (p, s) => `${s ? '分层' : ''}对数秩检验 p ${p.startsWith('<') ? p : `= ${p}`}`,
    notReached: '未达到',
    months: (v) => `${v} 个月`,
    mrdRatesTitle: '各临界值下的 MRD 阴性率（ITT）',
    mrdRatesSubtitle: (n, level, method) => `ITT N = ${n}；柱：阴性率；误差线：${pctLevel(level)} CI（${method === 'wilson' ? 'Wilson 评分法' : 'Clopper-Pearson 精确法'}）`,
    thresholdAxis: 'MRD 临界值',
    primaryThreshold: (t) => `${t}（主要）`,
    rateAxis: 'MRD 阴性受试者比例（%）',
    endpoint: (c) => (c === 'MRD_NEG' ? 'MRD 阴性' : c === 'MRD_NEG_CR' ? 'MRD 阴性 CR（≥CR 且 MRD 阴性）' : c),
    forestTitle: (t) => `各亚组 MRD 阴性率（ITT，临界值 ${t}）`,
    forestSubtitle: (level) => [`MRD 阴性的比值比（试验组对比对照组）及 ${pctLevel(level)} CI`, '总体：按随机分层因素分层的 Mantel-Haenszel（Robins-Breslow-Greenland CI）；亚组：未分层；交互作用 p：各水平间比值比同质性的 Woolf 检验（名义 p 值）'],
    subgroupCol: '亚组',
    rateColumn: 'n/N（%）',
    versusOr: (e, c) => `${e} 对比 ${c}`,
    favoursExperimental: '倾向试验组',
    oddsRatioCol: (level) => `比值比（${pctLevel(level)} CI）`,
    interactionP: (p) => `交互作用 p ${p.startsWith('<') ? p : `= ${p}`}`,
    oddsRatioAxis: '比值比（对数刻度）',
    overall: '总体',
    favours: (arm) => `倾向 ${arm}`,
    swimmerTitle: (t) => `各受试者 MRD 结果随时间变化（临界值 ${t} 下的状态）`,
    swimmerSubtitle: (from, to, total, page, pages, omitted) =>
      `有 MRD 样本的 ${total} 例受试者中的第 ${from}–${to} 例，按随访时间由长到短排列（第 ${page} 页，共 ${pages} 页）` + (omitted ? `；另有 ${omitted} 例未绘制（report.swimmer.maxPages）` : ''),
    swimmerEvents: '事件',
    swimmerEvent: (c) => (c === 'PROGRESSION' ? '疾病进展或死亡' : '后续治疗'),
    monthsAxis: '随机化后时间（月）',
    method: '检测方法',
    status: '状态',
    statusLabel: (c) => ({ NEG: '阴性', POS: '阳性', NE: '不可评估', EXCLUDED: '不计入（已排除）' })[c] ?? c,
    failuresTitle: '按原因的 MRD 检测失败',
    failuresSubtitle: 'FAILED 结果计数，包括所有样本类型和实验室',
    failedCount: '失败检测数',
    reasonNotGiven: '未提供原因',
    reasonOfMethod: (r, m) => `${r}（${m}）`,
  },
};
