import type { Severity } from '../../pipeline/validate/issues.js';
import type { FailureDimension } from '../../pipeline/validate/labMetrics.js';

/**
 * Every word of validation.html and of the `mrd validate` console summary, in English and Chinese.
 * queries.csv and validation.json are data for the sites' and sponsor's systems: their columns, rule ids
 * and messages are the same in both languages (the messages quote column names and values as the files
 * hold them); the Chinese page gives each rule's meaning in Chinese next to its id.
 */
export interface ValidationLabels {
  htmlLang: string;
  pageTitle: (study: string) => string;
  severity: Record<Severity, string>;
  status: (c: Record<Severity, number>, exit: 0 | 1) => string;
  note: (cutoff: string, subjects: number, samples: number, version: string) => string;
  summaryHeading: string;
  noIssues: string;
  summaryNote: string;
  summaryColumns: [string, string, string, string];
  issuesHeading: string;
  issuesNote: string;
  all: string;
  issueColumns: [string, string, string, string, string];
  shown: (shown: number, all: number) => string;
  /** the rule's meaning; undefined: the English title of pipeline/validate/issues.ts */
  ruleTitle: (rule: string) => string | undefined;
  accounting: { title: string; subtitle: string; columns: string[] };
  sensitivity: {
    title: string;
    subtitle: (primary: string) => string;
    columns: string[];
    footnotes: (o: { lodEvents: number; lodCells: number; dna: number; lloqEvents: number; sources: string }) => string[];
  };
  failures: { title: string; subtitle: (level: number) => string; columns: string[]; by: (by: FailureDimension) => string; footnotes: string[] };
  turnaround: { title: string; subtitle: string; columns: string[]; footnotes: string[] };
  inputs: { title: string; columns: string[] };
  console: (o: { study: string; cutoff: string; c: Record<Severity, number>; out: string }) => { head: string; tail: string };
}

const ZH_RULES: Record<string, string> = {
  'csv.malformed': '行无法拆分为字段（引号不匹配）；未使用',
  'csv.column-count': '行的字段数与表头不符；未使用',
  'value.required': '必填值为空；该行未使用',
  'value.allowed': '值不在允许的代码中；该行未使用',
  'value.yn': 'Y/N 列含其他值；该行未使用',
  'date.iso': '日期不是有效的 ISO 日期 YYYY-MM-DD；该行未使用',
  'number.format': '数值无法解析；该行未使用',
  'number.range': '数值超出允许范围；该行未使用',
  'date.format': '日期不符合 mapping.yaml 给出的格式；该行未使用',
  'date.sas': '数值型日期不是整数天（SAS 日期）；该行未使用',
  'date.excel': '数值型日期不是 Excel 序列日期；该行未使用',
  'json.row-length': 'Dataset-JSON 行的值个数与列数不符；未使用',
  'value.unparsed-optional': '可选的数值或日期无法解析（如 NA）；按空值读取，该行保留',
  'mapping.unmapped-value': '编码值既不在 mapping 的代码表中也不是有效代码；该行未使用',
  'mapping.unlisted-value': '自由文本值不在 mapping 的代码表中；按原样保留',
  'subject.duplicate': '受试者在 subjects.csv 中出现多次；使用第一行',
  'subject.arm-unknown': '受试者的组别不在分析计划中；该受试者未使用',
  'orphan.subject': '该行的受试者不是 subjects.csv 中的可用行；未使用',
  'sample.duplicate': '同一受试者、样本和方法出现多次；使用第一行',
  'tte.duplicate': '受试者的同一事件时间参数出现多次；使用第一行',
  'tte.before-start': '事件时间的 ADT 早于 STARTDT；该行未使用',
  'tte.after-cutoff': '事件时间的 ADT 晚于数据截止日期；该行未使用',
  'subject.id-case': '受试者编号仅大小写不同（E05 / e05）',
  'subject.randomised-after-cutoff': 'RANDDT 晚于数据截止日期；该受试者未使用',
  'mrd.before-randomisation': '随机化前采集的 MRD 样本（非阳性）',
  'mrd.pre-randomisation-positive': '随机化前的阳性 MRD 样本（基线/克隆识别）',
  'mrd.after-cutoff': '数据截止后采集的 MRD 样本（不使用）',
  'mrd.received-before-collection': 'RECVDTM 早于采集日期',
  'mrd.processed-before-received': 'PROCDTM 早于 RECVDTM',
  'response.before-randomisation': '随机化前的疗效评估',
  'response.after-cutoff': '数据截止后的疗效评估（不使用）',
  'therapy.end-before-start': '治疗 ENDT 早于 STDT',
  'mrd.level-out-of-range': 'MRDLEVEL 大于 1，或阳性结果为 0（必须是 (0, 1] 内的比例）',
  'mrd.level-zero-negative': '非阳性结果的 MRDLEVEL 为 0（应留空）',
  'mrd.negative-with-level': '阴性结果的水平达到或高于主要临界值（相互矛盾）',
  'mrd.positive-no-level': '阳性结果无 MRDLEVEL（在所有临界值下均为阳性）',
  'mrd.sensitivity-unknown': '阴性结果无细胞数、DNA 量或 LOD：灵敏度未知',
  'mrd.sensitivity-below-primary': '阴性结果的实际 LOD 未达到主要临界值',
  'mrd.lod-below-one-cell': '实验室 LOD 小于所检测细胞中的一个细胞',
  'mrd.level-below-lloq': 'NGF 阳性水平低于 LLOQ（检出但不可定量）',
  'mrd.hemodiluted-negative': '血液稀释的阴性样本',
  'mrd.ngs-no-clone': 'NGS 阴性但 CLONEID = N（无可追踪的基线克隆）',
  'mrd.ngs-clone-unknown': 'NGS 阴性但 CLONEID 为空（基线克隆未记录）',
  'mrd.failed-no-reason': 'FAILED 检测无 FAILRSN',
  'mrd.ngf-processing-late': 'NGF 样本采集后处理时间超过 mrd.ngf.maxHoursToProcessing',
  'mrd.ngf-processing-time-missing': 'NGF 样本无 PROCDTM：无法核查样本稳定性',
  'mrd.anti-cd38-masking': '抗 CD38 治疗期间或结束后 180 天内的 NGF 样本（表位遮蔽）',
  'completeness.cr-without-mrd': '最佳疗效为 CR/sCR 但无主要临界值下可评估的 MRD 检测',
  'completeness.unconfirmed-negative': '首次 MRD 阴性后无后续可评估检测',
  'completeness.timepoint-missing': '受试者随访经过的计划时间窗内无 MRD 样本',
};

const EN_BY: Record<FailureDimension, string> = { all: 'all', lab: 'lab', site: 'site', method: 'method', visit: 'visit', reason: 'reason' };
const ZH_BY: Record<FailureDimension, string> = { all: '全部', lab: '实验室', site: '中心', method: '方法', visit: '访视', reason: '原因' };

export const VALIDATION_LABELS: Record<'en' | 'zh', ValidationLabels> = {
  en: {
    htmlLang: 'en',
    pageTitle: (study) => `${study}: MRD data validation`,
    severity: { error: 'error', warning: 'warning', info: 'info' },
    status: (c, exit) => `${c.error} error(s), ${c.warning} warning(s), ${c.info} info — ${exit === 1 ? 'the data cannot be used as is (exit status 1)' : 'no errors (exit status 0)'}`,
    note: (cutoff, subjects, samples, version) => `Data cut-off ${cutoff}; ${subjects} subjects and ${samples} MRD results used; mrd-pipeline ${version}. The query list for the sites is queries.csv.`,
    summaryHeading: 'Summary',
    noIssues: 'No issues found: every row of every input file passed every check.',
    summaryNote: 'One line per rule; severities: error = the data cannot be used as is, warning = needs a query to the site, info = for the record.',
    summaryColumns: ['severity', 'rule', 'issues', 'what it means'],
    issuesHeading: 'Issues',
    issuesNote: 'Grouped by rule, in file and line order; lines are 1-based with the header as line 1; subject-level issues have no line.',
    all: 'all',
    issueColumns: ['file', 'line', 'subject', 'sample', 'message'],
    shown: (shown, all) => `${shown} of ${all} shown; queries.csv and validation.json hold them all.`,
    ruleTitle: () => undefined,
    accounting: {
      title: 'Record accounting',
      subtitle: 'rows read = rows used + rows rejected + rows not applicable (each rejected row is an error-severity issue; rows not applicable, such as ADRS rows of other parameters, are left out by the layout or mapping.yaml)',
      columns: ['file', 'rows read', 'rows used', 'rows rejected', 'rows not applicable'],
    },
    sensitivity: {
      title: 'Achieved sensitivity of negative results',
      subtitle: (primary) => `NEGATIVE results by method; primary threshold ${primary}`,
      columns: ['method', 'threshold', 'negatives', 'LOD reaches threshold', 'LOD does not reach', 'LOD unknown', 'LLOQ reaches threshold'],
      footnotes: (o) => [
        `LOD: the lab's LOD when given; else NGF ${o.lodEvents} events / CELLS; else NGS ${o.lodCells} cell(s) / cells, cells from CELLS or DNANG × 1000 / ${o.dna} pg.`,
        `NGF LLOQ: ${o.lloqEvents} events / CELLS. A LOD equal to the threshold reaches it (relative slack 1e-9).`,
        `Where the LOD came from: ${o.sources || 'no samples'}.`,
      ],
    },
    failures: {
      title: 'Failure rates',
      subtitle: (level) => `FAILED / tests performed (NEGATIVE, POSITIVE or FAILED), ${level}% Clopper-Pearson CI`,
      columns: ['by', 'level', 'failed / tests (%) [CI]'],
      by: (by) => EN_BY[by],
      footnotes: ['By reason: failures with that FAILRSN / all tests. Site: subjects.csv SITEID of the subject.'],
    },
    turnaround: {
      title: 'Turnaround times by lab (hours)',
      subtitle: 'median and 90th percentile',
      columns: ['lab', 'samples', 'collection → receipt: n', 'median', 'P90', 'receipt → processing: n', 'median', 'P90'],
      footnotes: [
        'Collection → receipt is counted from 00:00 of COLLDT (no collection time is recorded), so it is an upper bound by up to 24 h.',
        'Percentiles interpolate linearly between order statistics (R quantile type 7). Intervals that are negative or incomplete are left out.',
      ],
    },
    inputs: { title: 'Inputs', columns: ['file', 'table', 'format', 'layout', 'rows', 'SHA-256'] },
    console: ({ study, cutoff, c, out }) => ({
      head: `mrd validate: ${study}, cut-off ${cutoff}: ${c.error} error(s), ${c.warning} warning(s), ${c.info} info`,
      tail: `wrote queries.csv, validation.json, validation.html to ${out}`,
    }),
  },
  zh: {
    htmlLang: 'zh-CN',
    pageTitle: (study) => `${study}：MRD 数据核查`,
    severity: { error: '错误', warning: '警告', info: '提示' },
    status: (c, exit) => `${c.error} 个错误，${c.warning} 个警告，${c.info} 个提示 — ${exit === 1 ? '数据不能按原样使用（退出状态 1）' : '无错误（退出状态 0）'}`,
    note: (cutoff, subjects, samples, version) => `数据截止日期 ${cutoff}；使用 ${subjects} 名受试者和 ${samples} 个 MRD 结果；mrd-pipeline ${version}。发给中心的质疑清单为 queries.csv（列名、规则编号和消息保持英文原样，便于数据管理系统读取）。`,
    summaryHeading: '汇总',
    noIssues: '未发现问题：所有输入文件的每一行均通过全部核查。',
    summaryNote: '每条规则一行；严重程度：错误 = 数据不能按原样使用，警告 = 需向中心发出质疑，提示 = 仅供记录。',
    summaryColumns: ['严重程度', '规则', '问题数', '含义'],
    issuesHeading: '问题明细',
    issuesNote: '按规则分组，按文件和行号排序；行号从 1 开始，表头为第 1 行；受试者层面的问题无行号。',
    all: '全部',
    issueColumns: ['文件', '行', '受试者', '样本', '消息'],
    shown: (shown, all) => `显示 ${all} 条中的 ${shown} 条；queries.csv 和 validation.json 包含全部。`,
    ruleTitle: (rule) => ZH_RULES[rule],
    accounting: {
      title: '记录核算',
      subtitle: '读取行数 = 使用行数 + 拒绝行数 + 不适用行数（每个被拒绝的行都是一个错误级问题；不适用的行，如其他参数的 ADRS 行，由数据布局或 mapping.yaml 排除）',
      columns: ['文件', '读取行数', '使用行数', '拒绝行数', '不适用行数'],
    },
    sensitivity: {
      title: '阴性结果的实际灵敏度',
      subtitle: (primary) => `按方法统计的阴性（NEGATIVE）结果；主要临界值 ${primary}`,
      columns: ['方法', '临界值', '阴性数', 'LOD 达到临界值', 'LOD 未达到', 'LOD 未知', 'LLOQ 达到临界值'],
      footnotes: (o) => [
        `LOD：实验室给出时用实验室 LOD；否则 NGF 为 ${o.lodEvents} 个事件/CELLS；否则 NGS 为 ${o.lodCells} 个细胞/细胞数，细胞数来自 CELLS 或 DNANG × 1000 / ${o.dna} pg。`,
        `NGF LLOQ：${o.lloqEvents} 个事件/CELLS。LOD 等于临界值即视为达到（相对容差 1e-9）。`,
        `LOD 来源：${o.sources || '无样本'}。`,
      ],
    },
    failures: {
      title: '检测失败率',
      subtitle: (level) => `FAILED / 已进行的检测（NEGATIVE、POSITIVE 或 FAILED），${level}% Clopper-Pearson CI`,
      columns: ['分类', '水平', '失败数/检测数 (%) [CI]'],
      by: (by) => ZH_BY[by],
      footnotes: ['按原因：该 FAILRSN 的失败数/全部检测数。中心：受试者在 subjects.csv 中的 SITEID。'],
    },
    turnaround: {
      title: '各实验室周转时间（小时）',
      subtitle: '中位数和第 90 百分位数',
      columns: ['实验室', '样本数', '采集 → 接收：n', '中位数', 'P90', '接收 → 处理：n', '中位数', 'P90'],
      footnotes: [
        '采集 → 接收从 COLLDT 当日 00:00 起算（未记录采集时间），因此是最多高估 24 小时的上限。',
        '百分位数在次序统计量之间线性插值（R quantile type 7）。为负或不完整的时间间隔不计入。',
      ],
    },
    inputs: { title: '输入文件', columns: ['文件', '数据表', '格式', '布局', '行数', 'SHA-256'] },
    console: ({ study, cutoff, c, out }) => ({
      head: `mrd validate：${study}，数据截止 ${cutoff}：${c.error} 个错误，${c.warning} 个警告，${c.info} 个提示`,
      tail: `已写入 queries.csv、validation.json、validation.html 至 ${out}`,
    }),
  },
};
