import type { MrdEndpoint, MrdPopulation } from '../analyses/mrdRates.js';
import type { Timepoint } from '../model/plan.js';

/** Every user-facing word of the reports, in English and Chinese. */
export interface Labels {
  endpoint: (e: MrdEndpoint, timepoints: Timepoint[]) => string;
  population: Record<MrdPopulation, string>;
  mrdRatesTitle: string;
  threshold: string;
  endpointCol: string;
  populationCol: string;
  cellLegend: string;
  footCi: (level: number, method: string) => string;
  footItt: string;
  footCr: string;
  footEvaluable: string;
  footSample: (combine: string, method: string) => string;
  footLod: (lodEvents: number, lodCells: number, dna: number) => string;
  footHemodiluted: (ne: boolean) => string;
  comparisonsTitle: string;
  stratifiedBy: string;
  strataWord: string;
  unstratified: string;
  comparisonCol: string;
  cmhPCol: string;
  orMhCol: string;
  orExactCol: string;
  rdCol: string;
  comparisonFootnotes: (correct: boolean, level: number) => string[];
  survivalTitle: string;
  survivalSubtitle: string;
  groupCol: string;
  eventsCol: string;
  medianCol: string;
  landmarkCol: (m: number) => string;
  landmarkTitle: string;
  /** a time-to-event endpoint as a reader reads it (PFS, OS, MRD_NEG_DURATION, PFS_BY_MRD_<L>M, other codes as given) */
  tteEndpoint: (code: string) => string;
  /** a sample exclusion or not-evaluable reason code as a reader reads it */
  reason: (code: string) => string;
  landmarkFootnotes: (conf: string) => string[];
  hrCol: string;
  logrankCol: string;
  reference: string;
  mrdGroup: (code: string) => string;
  survivalFootnotes: (conf: string, ties: string, strata: string | null, landmark: number | null) => string[];
  concordanceTitle: string;
  concordanceColumns: string[];
  concordanceFootnotes: string[];
  failuresTitle: string;
  failuresColumns: string[];
  failuresFootnotes: string[];
  flagsTitle: string;
  flagsColumns: string[];
  flagNgf: (drug: string, days: number | null) => string;
  flagMasked: (drug: string, ife: string) => string;
  flagsFootnotes: string[];
  ciSeparator: string;
  versus: (a: string, b: string) => string;
  failureBy: (by: string) => string;
  summary: {
    title: string;
    subtitle: (n: number) => string;
    responseSection: string;
    orr: string;
    exactOr: string;
    category: (c: 'SCR' | 'CR' | 'VGPR' | 'PR') => string;
    vgprOrBetter: string;
    crOrBetter: string;
    cmhP: string;
    mrdSection: (threshold: string, method: string, combine: string) => string;
    mrdNegCrItt: string;
    mhOr: string;
    riskDiff: string;
    crPatients: string;
    mrdNegAmongCr: string;
    mrdNegItt: string;
    footnotes: (o: { level: number; ciMethod: string; strata: string[]; correct: boolean; threshold: string; method: string }) => string[];
  };
  report: {
    title: (study: string) => string;
    studyHeading: string;
    studyLine: (study: string, cutoff: string, version: string) => string;
    figuresHeading: string;
    definitionsHeading: string;
    definitions: [string, string][];
    planHeading: string;
    planNote: string;
    accountingTitle: string;
    accountingColumns: string[];
    exclusionsTitle: string;
    exclusionsColumns: string[];
    provenanceTitle: string;
    provenanceColumns: string[];
  };
  samplesTitle: string;
  rejectedTitle: string;
  listingExcerpt: (shown: number, total: number, file: string) => string;
}

export const LABELS: Record<'en' | 'zh', Labels> = {
  en: {
    endpoint: (e, tps) => {
      if (e === 'MRD_NEG') return 'MRD negative';
      if (e === 'MRD_NEG_CR') return 'MRD-negative CR (≥CR and MRD negative)';
      if (e === 'SUSTAINED_MRD_NEG') return 'Sustained MRD negative (marrow and imaging, ≥1 year apart)';
      if (e === 'SUSTAINED_MRD_NEG_MARROW') return 'Sustained MRD negative, marrow only (no imaging used)';
      if (e === 'MRD_NEG_IMAGING_FLC') return 'MRD negative + imaging negative + normal FLC ratio';
      const tp = tps.find((t) => e === `MRD_NEG_CR_${t.name}`);
      return tp ? `MRD-negative CR at month ${tp.month} (±${tp.windowMonths} months)` : e;
    },
    population: { ITT: 'ITT', CR: '≥CR (sCR or CR)', EVALUABLE: 'MRD-evaluable' },
    mrdRatesTitle: 'MRD negativity rate by threshold, population and arm',
    threshold: 'Threshold',
    endpointCol: 'Endpoint',
    populationCol: 'Population',
    cellLegend: 'Cells: n/N (%) [95% CI, %]',
    footCi: (level, method) => `${Math.round(level * 100)}% CI by the ${method === 'wilson' ? 'Wilson score' : 'Clopper-Pearson exact'} method.`,
    footItt: 'ITT: all randomised subjects with ITTFL = Y, by randomised arm; subjects with no sample, or only failed, not done, hemodiluted or insufficiently sensitive samples, count as not MRD negative.',
    footCr: '≥CR: ITT subjects whose best response (IMWG) before progression, new therapy and cut-off is sCR or CR (sensitivity analysis).',
    footEvaluable: 'MRD-evaluable: ITT subjects with at least one NEG or POS sample at the threshold (sensitivity analysis).',
    footSample: (combine, method) => `A sample counts if it is bone marrow from the central lab by ${combine === 'primary-only' ? method : 'NGF or NGS'}, collected from randomisation up to the cut-off and before progression and subsequent therapy; MRD negative at threshold T: no clone at or above T and achieved sensitivity (LOD) ≤ T.`,
    footLod: (lodEvents, lodCells, dna) => `Achieved LOD: lab-reported LOD, else NGF ${lodEvents} events / cells evaluated, else NGS ${lodCells} / cells (cells = DNA ng × 1000 / ${dna} pg when no cell count).`,
    footHemodiluted: (ne) => (ne ? 'Hemodiluted samples are never counted as negative.' : 'Hemodiluted negative samples are counted as negative (plan: hemodilutedNegative = negative).'),
    comparisonsTitle: 'Comparison of MRD negativity rates between arms',
    stratifiedBy: 'Stratified by',
    strataWord: 'strata',
    unstratified: 'Unstratified (the plan lists no strata)',
    comparisonCol: 'Comparison',
    cmhPCol: 'CMH p',
    orMhCol: 'Odds ratio (MH) [CI]',
    orExactCol: 'Odds ratio [exact CI]',
    rdCol: 'Difference, % [CI]',
    comparisonFootnotes: (correct, level) => [
      `p: Cochran-Mantel-Haenszel test stratified by the randomisation strata, ${correct ? 'with' : 'without'} continuity correction.`,
      `Odds ratio (MH): Mantel-Haenszel common odds ratio with the Robins-Breslow-Greenland ${Math.round(level * 100)}% CI, same strata.`,
      'Odds ratio [exact CI]: unstratified sample odds ratio with the exact conditional (Cornfield) CI; ITT only.',
      'Difference: experimental minus control, weighted by CMH weights n1·n0/(n1+n0) across strata, with the stratified Miettinen-Nurminen score CI.',
      'Strata with fewer than two subjects carry no information and are left out of the CMH test and the MH odds ratio.',
      'p-values are two-sided and nominal (not adjusted for multiplicity).',
    ],
    survivalTitle: 'Time-to-event endpoints',
    survivalSubtitle: 'Times in months (days / 30.4375); NR: not reached',
    groupCol: 'Group',
    eventsCol: 'Events/N',
    medianCol: 'Median [CI]',
    landmarkCol: (m) => `${m}-month rate, % [CI] (at risk)`,
    landmarkTitle: 'Event-free rates at landmark months',
    tteEndpoint: (c) => {
      const lm = /^PFS_BY_MRD_(\d+)M$/.exec(c);
      if (lm) return `PFS from month ${lm[1]} by MRD status at month ${lm[1]}`;
      return ({ PFS: 'Progression-free survival', OS: 'Overall survival', MRD_NEG_DURATION: 'Duration of MRD negativity' } as Record<string, string>)[c] ?? c;
    },
    reason: (c) =>
      c
        .split('+')
        .map((r) => EN_REASONS[r] ?? r)
        .join(' + '),
    landmarkFootnotes: (conf) => [
      `Kaplan-Meier estimate of the proportion without the event at the month, with its CI on the ${conf} scale (Greenwood variance); in parentheses the number of subjects still at risk.`,
      'Populations and groups as in the time-to-event table; empty: the curve ends before the month.',
    ],
    hrCol: 'Hazard ratio [CI]',
    logrankCol: 'Log-rank p',
    reference: 'reference',
    mrdGroup: (code) => (code === 'MRD_NEG' ? 'MRD negative by the landmark' : code === 'NOT_MRD_NEG' ? 'Not MRD negative by the landmark' : code),
    survivalFootnotes: (conf, ties, strata, landmark) => [
      `Kaplan-Meier estimates with Greenwood variance; CIs of survival rates and of medians (Brookmeyer-Crowley) on the ${conf} scale.`,
      `Hazard ratio: Cox proportional hazards model, ${ties === 'breslow' ? 'Breslow' : 'Efron'} ties, Wald CI; experimental vs control arm, or MRD negative vs not.`,
      strata ? `tte.csv endpoints: log-rank test and Cox model stratified by ${strata}.` : 'tte.csv endpoints: unstratified (the plan lists no strata).',
      'Duration of MRD negativity: ITT subjects who became MRD negative, from the first negative assessment to MRD reappearance (or progression/death when the plan says so), censored at the last evaluable assessment; unstratified.',
      landmark === null ? 'No landmark analysis (mrdLandmark: null).' : `PFS from month ${landmark} by MRD status: subjects event-free at month ${landmark}, grouped by MRD negativity reached by then at the primary threshold, time from the landmark; stratified by arm.`,
      'Hazard ratio and log-rank p are printed on the row of the group compared with the reference group. p-values are two-sided and nominal (not adjusted for multiplicity).',
    ],
    concordanceTitle: 'Concordance of NGF and NGS',
    concordanceColumns: ['Threshold', 'Pairs (evaluable/all)', 'Both negative', 'Both positive', 'NGF negative only', 'NGS negative only', 'Overall agreement, % [CI]', 'Positive agreement, % [CI]', 'Negative agreement, % [CI]', "Cohen's kappa [CI]", 'McNemar p', 'McNemar p (exact)'],
    concordanceFootnotes: [
      'Pairs: an NGF and an NGS sample of one subject collected within 7 days (closest first), both counted as samples except for the combine rule, and both NEG or POS at the threshold.',
      'Agreement with Clopper-Pearson CIs; positive and negative agreement take NGS as the comparator. Kappa: asymptotic standard error as SAS PROC FREQ AGREE; NE when a margin of the table is empty (one method gives one result for every pair). McNemar: asymptotic without continuity correction, and exact (binomial).',
      'p-values are two-sided and nominal (not adjusted for multiplicity).',
    ],
    failuresTitle: 'Assay failures',
    failuresColumns: ['Breakdown', 'Method', 'Level', 'Failed/tests', 'Failure rate, % [CI]'],
    failuresFootnotes: ['Failure rate: FAILED results over all tests with a result or a failure (NOT DONE excluded), all specimens and labs; Clopper-Pearson CI. Counts by reason are in results.json (failures).'],
    flagsTitle: 'Samples and subjects flagged for interference',
    flagsColumns: ['Flag', 'Subject', 'Sample', 'Date', 'Detail'],
    flagNgf: (drug, days) => `NGF sample ${days === null ? 'during ongoing' : days <= 0 ? 'during' : `${days} days after the end of`} ${drug} (anti-CD38)`,
    flagMasked: (drug, ife) => `IgG-kappa myeloma on ${drug}: best response VGPR with IFE positive on ${ife}; the band may be the therapeutic antibody (CR may be masked)`,
    flagsFootnotes: ['Flags do not change any status: they list results a reviewer should check (NGF within 180 days of anti-CD38 therapy; possible SPEP/IFE interference by an IgG-kappa therapeutic antibody).'],
    ciSeparator: ', ',
    versus: (a, b) => `${a} vs ${b}`,
    failureBy: (by) => ({ method: 'By method', 'method × arm': 'By method and arm', 'method × lab': 'By method and lab' })[by] ?? by,
    summary: {
      title: 'Efficacy results: best overall response and MRD negativity',
      subtitle: (n) => `ITT population, N = ${n}; n (%) [${'95% CI'}]`,
      responseSection: 'Best overall response (IMWG)',
      orr: 'Responders (sCR+CR+VGPR+PR), n (%) [CI]',
      exactOr: 'Odds ratio vs control [exact CI]',
      category: (c) => ({ SCR: 'Stringent complete response (sCR), n (%)', CR: 'Complete response (CR), n (%)', VGPR: 'Very good partial response (VGPR), n (%)', PR: 'Partial response (PR), n (%)' })[c],
      vgprOrBetter: 'VGPR or better, n (%) [CI]',
      crOrBetter: 'CR or better (sCR and CR), n (%) [CI]',
      cmhP: 'p-value (stratified Cochran-Mantel-Haenszel test)',
      mrdSection: (t, m, c) => `Minimal residual disease (threshold ${t}, ${c === 'primary-only' ? m : `combination rule ${c}`})`,
      mrdNegCrItt: 'MRD-negative CR rate (ITT), n (%) [CI]',
      mhOr: 'Odds ratio (Mantel-Haenszel) [CI]',
      riskDiff: 'Difference vs control, % [CI]',
      crPatients: 'Patients with CR or better (sCR and CR)',
      mrdNegAmongCr: 'MRD-negative rate among patients with CR or better, n (%) [CI]',
      mrdNegItt: 'MRD-negative rate (ITT, any response), n (%) [CI]',
      footnotes: (o) => [
        'ITT population: all randomised subjects; subjects without an evaluable MRD result count as not MRD negative.',
        `${Math.round(o.level * 100)}% CI by the ${o.ciMethod === 'wilson' ? 'Wilson score' : 'Clopper-Pearson'} method.`,
        o.strata.length ? `Stratified by ${o.strata.join(' and ')} (randomisation strata)${o.correct ? ', with continuity correction' : ''}.` : 'Unstratified: the plan lists no randomisation strata.',
        `MRD negative: bone-marrow sample from the central lab negative at the ${o.threshold} threshold with achieved sensitivity ≤ ${o.threshold} (${o.method}); MRD-negative CR also requires CR or better.`,
        'Odds ratio [exact CI]: sample odds ratio with the exact conditional CI. Mantel-Haenszel odds ratio with the Robins-Breslow-Greenland CI; difference with the stratified Miettinen-Nurminen CI.',
        'p-values are two-sided and nominal (not adjusted for multiplicity).',
      ],
    },
    report: {
      title: (study) => `${study}: MRD analysis`,
      studyHeading: 'Study',
      studyLine: (study, cutoff, version) => `${study}; data cut-off ${cutoff}; produced by mrd-pipeline ${version}.`,
      figuresHeading: 'Figures',
      definitionsHeading: 'Definitions',
      definitions: [
        ['MRD negative at threshold T', 'A bone-marrow sample from the central lab, collected from randomisation to the cut-off and before progression and subsequent therapy, with no clone at or above T and an achieved sensitivity (LOD) of T or better (CDE guideline; IMWG 2016).'],
        ['Achieved sensitivity (LOD)', 'The lab-reported LOD; else NGF: 20 clonal events over the cells evaluated (EuroFlow); else NGS: 1 (or 3) over the cells evaluated, cells from DNA at 6.5 pg per cell.'],
        ['Not evaluable (NE)', 'Failed, not done, hemodiluted, or not sensitive enough at T; an NE sample never counts as negative.'],
        ['ITT population', 'All randomised subjects (ITTFL = Y) by randomised arm; subjects without an evaluable negative result count as not MRD negative.'],
        ['MRD-negative CR', 'MRD negative and best response CR or sCR (IMWG).'],
        ['Sustained MRD negativity', 'Two negative assessments at least one year apart with no positive between them, and negative imaging in that span (IMWG 2016); a marrow-only variant is labelled as such.'],
        ['Duration of MRD negativity', 'From the first negative assessment to MRD reappearance, censored at the last evaluable assessment.'],
      ],
      planHeading: 'Analysis plan used',
      planNote: 'Every key with the value applied, defaults included.',
      accountingTitle: 'Record accounting (rows read = used + rejected + not applicable)',
      accountingColumns: ['file', 'rows read', 'rows used', 'rows rejected', 'rows not applicable'],
      exclusionsTitle: 'MRD samples that do not count, by reason',
      exclusionsColumns: ['reason', 'samples'],
      provenanceTitle: 'Provenance',
      provenanceColumns: ['input file', 'table', 'format', 'layout', 'rows', 'SHA-256'],
    },
    samplesTitle: 'Listing of MRD samples with derived status',
    rejectedTitle: 'Rejected input rows',
    listingExcerpt: (shown, total, file) => `The first ${shown} of ${total} rows; all rows are in ${file}.`,
  },
  zh: {
    endpoint: (e, tps) => {
      if (e === 'MRD_NEG') return 'MRD阴性';
      if (e === 'MRD_NEG_CR') return 'MRD阴性CR（≥CR且MRD阴性）';
      if (e === 'SUSTAINED_MRD_NEG') return '持续MRD阴性（骨髓及影像学，间隔≥1年）';
      if (e === 'SUSTAINED_MRD_NEG_MARROW') return '持续MRD阴性（仅骨髓，未使用影像学）';
      if (e === 'MRD_NEG_IMAGING_FLC') return 'MRD阴性 + 影像学阴性 + 轻链比值正常';
      const tp = tps.find((t) => e === `MRD_NEG_CR_${t.name}`);
      return tp ? `第${tp.month}个月MRD阴性CR（±${tp.windowMonths}个月）` : e;
    },
    population: { ITT: 'ITT', CR: '≥CR（sCR或CR）', EVALUABLE: 'MRD可评估' },
    mrdRatesTitle: '按临界值、分析人群和治疗组的MRD阴性率',
    threshold: '临界值',
    endpointCol: '终点',
    populationCol: '人群',
    cellLegend: '单元格：n/N（%）[95% CI，%]',
    footCi: (level, method) => `${Math.round(level * 100)}% CI 采用${method === 'wilson' ? 'Wilson 评分' : 'Clopper-Pearson 精确'}法估计。`,
    footItt: 'ITT：所有 ITTFL = Y 的随机化受试者，按随机分组；无样本、或仅有检测失败、未检测、血液稀释或灵敏度不足样本的受试者计为非MRD阴性。',
    footCr: '≥CR：在疾病进展、后续治疗和数据截止前最佳缓解（IMWG）为 sCR 或 CR 的 ITT 受试者（敏感性分析）。',
    footEvaluable: 'MRD可评估：在该临界值下至少有一个阴性或阳性样本的 ITT 受试者（敏感性分析）。',
    footSample: (combine, method) => `计入的样本：中心实验室${combine === 'primary-only' ? method : 'NGF 或 NGS'}检测的骨髓样本，采集于随机化至数据截止之间、疾病进展及后续治疗之前；临界值 T 下 MRD 阴性：未检出≥T 的克隆且实际灵敏度（LOD）≤T。`,
    footLod: (lodEvents, lodCells, dna) => `实际 LOD：实验室报告的 LOD；否则 NGF 为 ${lodEvents} 个事件/检测细胞数，NGS 为 ${lodCells}/细胞数（无细胞数时细胞数 = DNA ng × 1000 / ${dna} pg）。`,
    footHemodiluted: (ne) => (ne ? '血液稀释样本不计为阴性。' : '血液稀释的阴性样本计为阴性（分析计划：hemodilutedNegative = negative）。'),
    comparisonsTitle: '治疗组间 MRD 阴性率比较',
    stratifiedBy: '分层因素：',
    strataWord: '层',
    unstratified: '未分层（分析计划未列出分层因素）',
    comparisonCol: '比较',
    cmhPCol: 'CMH p 值',
    orMhCol: '比值比（MH）[CI]',
    orExactCol: '比值比 [精确 CI]',
    rdCol: '率差，% [CI]',
    comparisonFootnotes: (correct, level) => [
      `p 值：按随机分层因素分层的 Cochran-Mantel-Haenszel 检验，${correct ? '采用' : '未采用'}连续性校正。`,
      `比值比（MH）：Mantel-Haenszel 合并比值比及 Robins-Breslow-Greenland ${Math.round(level * 100)}% CI，分层同上。`,
      '比值比 [精确 CI]：未分层样本比值比及精确条件（Cornfield）CI；仅 ITT 人群。',
      '率差：试验组减对照组，跨层采用 CMH 权重 n1·n0/(n1+n0) 加权，CI 为分层 Miettinen-Nurminen 评分法。',
      '受试者少于两例的层不含信息，不纳入 CMH 检验和 MH 比值比。',
      'p 值均为双侧名义 p 值（未作多重性校正）。',
    ],
    survivalTitle: '时间-事件终点',
    survivalSubtitle: '时间单位为月（天数 / 30.4375）；NR：未达到',
    groupCol: '组别',
    eventsCol: '事件数/N',
    medianCol: '中位数 [CI]',
    landmarkCol: (m) => `${m}个月率，% [CI]（风险人数）`,
    landmarkTitle: '各标志时间点的无事件率',
    tteEndpoint: (c) => {
      const lm = /^PFS_BY_MRD_(\d+)M$/.exec(c);
      if (lm) return `第 ${lm[1]} 个月起按该时间点 MRD 状态的无进展生存期`;
      return ({ PFS: '无进展生存期', OS: '总生存期', MRD_NEG_DURATION: 'MRD 阴性持续时间' } as Record<string, string>)[c] ?? c;
    },
    reason: (c) =>
      c
        .split('+')
        .map((r) => ZH_REASONS[r] ?? r)
        .join(' + '),
    landmarkFootnotes: (conf) => [
      `Kaplan-Meier 法估计的该月无事件比例及其 CI（${conf} 转换，Greenwood 方差）；括号内为仍处于风险中的受试者人数。`,
      '人群及分组同时间-事件终点表；空白：曲线在该月之前终止。',
    ],
    hrCol: '风险比 [CI]',
    logrankCol: '对数秩检验 p 值',
    reference: '参照',
    mrdGroup: (code) => (code === 'MRD_NEG' ? '标志时间点前达到MRD阴性' : code === 'NOT_MRD_NEG' ? '标志时间点前未达到MRD阴性' : code),
    survivalFootnotes: (conf, ties, strata, landmark) => [
      `Kaplan-Meier 估计，Greenwood 方差；生存率及中位数（Brookmeyer-Crowley 法）的 CI 采用 ${conf} 转换。`,
      `风险比：Cox 比例风险模型，${ties === 'breslow' ? 'Breslow' : 'Efron'} 法处理结，Wald CI；试验组对比对照组，或 MRD 阴性对比非阴性。`,
      strata ? `tte.csv 终点：对数秩检验和 Cox 模型按 ${strata} 分层。` : 'tte.csv 终点：未分层（分析计划未列出分层因素）。',
      'MRD 阴性持续时间：达到 MRD 阴性的 ITT 受试者，自首次阴性评估至 MRD 重新出现（或按分析计划包括进展/死亡），在末次可评估检测时删失；未分层。',
      landmark === null ? '未进行标志性分析（mrdLandmark: null）。' : `第 ${landmark} 个月起按 MRD 状态的无进展生存期：第 ${landmark} 个月时无事件的受试者，按该时间点前在主要临界值下是否达到 MRD 阴性分组，自标志时间点计时；按治疗组分层。`,
      '风险比及对数秩检验 p 值列于与参照组比较的组所在行。p 值均为双侧名义 p 值（未作多重性校正）。',
    ],
    concordanceTitle: 'NGF 与 NGS 的一致性',
    concordanceColumns: ['临界值', '配对数（可评估/全部）', '均阴性', '均阳性', '仅 NGF 阴性', '仅 NGS 阴性', '总体一致率，% [CI]', '阳性一致率，% [CI]', '阴性一致率，% [CI]', 'Cohen kappa [CI]', 'McNemar p 值', 'McNemar p 值（精确）'],
    concordanceFootnotes: [
      '配对：同一受试者 7 天内采集的 NGF 与 NGS 样本（按时间最近优先配对），除合并规则外均为计入样本，且在该临界值下均为阴性或阳性。',
      '一致率采用 Clopper-Pearson CI；阳性及阴性一致率以 NGS 为对照方法。Kappa：渐近标准误同 SAS PROC FREQ AGREE；表格某一边缘合计为零（一种方法对所有配对给出同一结果）时为 NE。McNemar：渐近检验（无连续性校正）及精确二项检验。',
      'p 值均为双侧名义 p 值（未作多重性校正）。',
    ],
    failuresTitle: '检测失败',
    failuresColumns: ['分类', '方法', '水平', '失败数/检测数', '失败率，% [CI]'],
    failuresFootnotes: ['失败率：FAILED 结果数除以有结果或失败的全部检测数（不含 NOT DONE），包括所有样本类型和实验室；Clopper-Pearson CI。按原因的计数见 results.json（failures）。'],
    flagsTitle: '可能受干扰的样本及受试者',
    flagsColumns: ['标记', '受试者', '样本', '日期', '说明'],
    flagNgf: (drug, days) => `NGF 样本采集于 ${drug}（抗 CD38）${days === null ? '持续治疗期间' : days <= 0 ? '治疗期间' : `治疗结束后 ${days} 天`}`,
    flagMasked: (drug, ife) => `IgG-kappa 型骨髓瘤，接受 ${drug} 治疗：最佳缓解为 VGPR，${ife} IFE 阳性；该条带可能来自治疗性抗体（CR 可能被掩盖）`,
    flagsFootnotes: ['标记不改变任何状态，仅列出需复核的结果（抗 CD38 治疗后 180 天内的 NGF 样本；IgG-kappa 治疗性抗体可能干扰 SPEP/IFE）。'],
    ciSeparator: '~',
    versus: (a, b) => `${a} 对比 ${b}`,
    failureBy: (by) => ({ method: '按方法', 'method × arm': '按方法和治疗组', 'method × lab': '按方法和实验室' })[by] ?? by,
    summary: {
      title: '疗效结果：最佳总体缓解及 MRD 阴性率',
      subtitle: (n) => `ITT 人群，N = ${n}；n（%）[95% CI]`,
      responseSection: '最佳总体缓解（IMWG）',
      orr: '缓解者（sCR+CR+VGPR+PR）n（%）[CI]',
      exactOr: '与对照组相比的比值比 [精确 CI]',
      category: (c) => ({ SCR: '严格意义的完全缓解（sCR）n（%）', CR: '完全缓解（CR）n（%）', VGPR: '非常好的部分缓解（VGPR）n（%）', PR: '部分缓解（PR）n（%）' })[c],
      vgprOrBetter: 'VGPR 或更好的缓解 n（%）[CI]',
      crOrBetter: 'CR 或更佳缓解（sCR 和 CR）n（%）[CI]',
      cmhP: 'p 值（分层 Cochran-Mantel-Haenszel 检验）',
      mrdSection: (t, m, c) => `微小残留病（MRD，临界值 ${t}，${c === 'primary-only' ? m : `合并规则 ${c}`}）`,
      mrdNegCrItt: 'MRD 阴性 CR 率（ITT）n（%）[CI]',
      mhOr: '比值比（Mantel-Haenszel）[CI]',
      riskDiff: '与对照组的率差，% [CI]',
      crPatients: '达到 CR 或更佳缓解（sCR 和 CR）的患者人数',
      mrdNegAmongCr: '达到 CR 或更佳缓解的患者中 MRD 阴性率 n（%）[CI]',
      mrdNegItt: 'MRD 阴性率（ITT，不限缓解）n（%）[CI]',
      footnotes: (o) => [
        '基于 ITT 人群：所有随机化受试者；无可评估 MRD 结果的受试者计为非 MRD 阴性。',
        `${Math.round(o.level * 100)}% CI 使用 ${o.ciMethod === 'wilson' ? 'Wilson 评分' : 'Clopper-Pearson'} 方法估计。`,
        o.strata.length ? `按 ${o.strata.join('和')}（随机分层因素）分层${o.correct ? '，采用连续性校正' : ''}。` : '未分层：分析计划未列出随机分层因素。',
        `MRD 阴性：中心实验室骨髓样本在 ${o.threshold} 临界值下为阴性，且实际灵敏度 ≤ ${o.threshold}（${o.method}）；MRD 阴性 CR 还需达到 CR 或更佳缓解。`,
        '比值比 [精确 CI]：样本比值比及精确条件 CI。Mantel-Haenszel 比值比采用 Robins-Breslow-Greenland CI；率差采用分层 Miettinen-Nurminen CI。',
        'p 值均为双侧名义 p 值（未作多重性校正）。',
      ],
    },
    report: {
      title: (study) => `${study}：MRD 分析`,
      studyHeading: '研究',
      studyLine: (study, cutoff, version) => `${study}；数据截止日期 ${cutoff}；由 mrd-pipeline ${version} 生成。`,
      figuresHeading: '图',
      definitionsHeading: '定义',
      definitions: [
        ['临界值 T 下 MRD 阴性', '中心实验室的骨髓样本，采集于随机化至数据截止之间、疾病进展及后续治疗之前，未检出 ≥T 的克隆，且实际灵敏度（LOD）达到 T 或更优（CDE 指导原则；IMWG 2016）。'],
        ['实际灵敏度（LOD）', '实验室报告的 LOD；否则 NGF 为 20 个克隆事件除以检测细胞数（EuroFlow）；否则 NGS 为 1（或 3）除以检测细胞数，细胞数按每细胞 6.5 pg DNA 由 DNA 量换算。'],
        ['不可评估（NE）', '检测失败、未检测、血液稀释或在 T 下灵敏度不足；NE 样本从不计为阴性。'],
        ['ITT 人群', '所有随机化受试者（ITTFL = Y），按随机分组；无可评估阴性结果的受试者计为非 MRD 阴性。'],
        ['MRD 阴性 CR', 'MRD 阴性且最佳缓解为 CR 或 sCR（IMWG）。'],
        ['持续 MRD 阴性', '间隔至少一年的两次阴性评估，其间无阳性，且该期间影像学阴性（IMWG 2016）；仅骨髓的变体另行标明。'],
        ['MRD 阴性持续时间', '自首次阴性评估至 MRD 重新出现，在末次可评估检测时删失。'],
      ],
      planHeading: '所用分析计划',
      planNote: '列出所有参数及实际采用的值（含默认值）。',
      accountingTitle: '记录核算（读取行数 = 使用行数 + 拒绝行数 + 不适用行数）',
      accountingColumns: ['文件', '读取行数', '使用行数', '拒绝行数', '不适用行数'],
      exclusionsTitle: '不计入的 MRD 样本（按原因）',
      exclusionsColumns: ['原因', '样本数'],
      provenanceTitle: '来源信息',
      provenanceColumns: ['输入文件', '数据表', '格式', '布局', '行数', 'SHA-256'],
    },
    samplesTitle: 'MRD 样本及衍生状态列表',
    rejectedTitle: '被拒绝的输入行',
    listingExcerpt: (shown, total, file) => `共 ${total} 行，此处列出前 ${shown} 行；全部见 ${file}。`,
  },
};

/** Sample exclusion and not-evaluable reasons (model/status.ts), as a reader reads them. */
const EN_REASONS: Record<string, string> = {
  SPECIMEN_NOT_BM: 'specimen not bone marrow',
  LOCAL_LAB: 'tested by a local laboratory',
  METHOD_NOT_IN_COMBINE_RULE: 'method not used by the combine rule',
  BEFORE_RANDOMISATION: 'collected before randomisation',
  AFTER_CUTOFF: 'collected after the data cut-off',
  ON_OR_AFTER_PROGRESSION: 'collected on or after progression',
  ON_OR_AFTER_NEW_THERAPY: 'collected on or after subsequent therapy',
  FAILED: 'test failed',
  NOT_DONE: 'test not done',
  NO_CELL_COUNT_OR_LOD: 'no cell count or LOD reported',
  LOD_ABOVE_THRESHOLD: 'sensitivity (LOD) above the threshold',
  HEMODILUTED_NEGATIVE: 'hemodiluted negative sample',
  SECOND_METHOD_MISSING: 'no sample of the second method to confirm',
};

const ZH_REASONS: Record<string, string> = {
  SPECIMEN_NOT_BM: '样本类型非骨髓',
  LOCAL_LAB: '由当地实验室检测',
  METHOD_NOT_IN_COMBINE_RULE: '检测方法不在合并规则内',
  BEFORE_RANDOMISATION: '采集于随机化之前',
  AFTER_CUTOFF: '采集于数据截止日之后',
  ON_OR_AFTER_PROGRESSION: '采集于疾病进展当日或之后',
  ON_OR_AFTER_NEW_THERAPY: '采集于后续治疗开始当日或之后',
  FAILED: '检测失败',
  NOT_DONE: '未检测',
  NO_CELL_COUNT_OR_LOD: '未报告细胞数或检测下限',
  LOD_ABOVE_THRESHOLD: '灵敏度（检测下限）高于临界值',
  HEMODILUTED_NEGATIVE: '血液稀释的阴性样本',
  SECOND_METHOD_MISSING: '缺少第二种方法的样本确认',
};
