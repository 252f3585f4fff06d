import { formatDay } from '../ingest/dates.js';
import type { Table } from '../ingest/readTable.js';
import type { ResponseCategory } from '../../model/schema.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';

export interface MaskedCrFlag {
  subject: string;
  bestResponse: ResponseCategory;
  lastIfeDate: string;
  drug: string;
}

/**
 * Subjects whose complete response may be masked by a therapeutic antibody (isatuximab label,
 * interference with SPEP/IFE): IgG-kappa myeloma (subjects.csv ISOTYPE = IGG-KAPPA), treated with an
 * IgG-kappa monoclonal antibody (therapy.csv CLASS = ANTI-CD38: daratumumab and isatuximab are both
 * IgG1-kappa), best response VGPR and the last IFE (on or before the cut-off) positive: the persisting
 * band may be the drug, so CR cannot be assigned without an interference-removal assay.
 */
export function deriveMaskedCrFlags(response: Table, therapy: Table, subjects: Subjects, best: (ResponseCategory | null)[], cutoffDay: number): MaskedCrFlag[] {
  const drug: (string | null)[] = new Array(subjects.n).fill(null);
  const ts = subjectOf(therapy, subjects);
  const cls = therapy.text.CLASS.codes;
  const antiCd38 = therapy.text.CLASS.codeMask((v) => (v ?? '').toUpperCase() === 'ANTI-CD38');
  for (let i = 0; i < therapy.n; i++) {
    if (antiCd38[cls[i]] && drug[ts[i]] === null) drug[ts[i]] = therapy.text.DRUG.at(i);
  }
  const lastIfe = new Float64Array(subjects.n).fill(Number.NaN);
  const lastIfePos = new Uint8Array(subjects.n);
  const rs = subjectOf(response, subjects);
  const ifeCodes = response.text.IFE.codes;
  const pos = response.text.IFE.codeOf('POS');
  for (let i = 0; i < response.n; i++) {
    const ife = ifeCodes[i];
    const day = response.num.ADT[i];
    if (ife === 0 || day > cutoffDay) continue;
    const s = rs[i];
    if (Number.isNaN(lastIfe[s]) || day >= lastIfe[s]) {
      lastIfePos[s] = day === lastIfe[s] ? lastIfePos[s] | (ife === pos ? 1 : 0) : ife === pos ? 1 : 0;
      lastIfe[s] = day;
    }
  }
  const out: MaskedCrFlag[] = [];
  const isotype = subjects.text.ISOTYPE;
  const iggKappa = isotype?.codeMask((v) => (v ?? '').toUpperCase().replace(/[\s_]/g, '-') === 'IGG-KAPPA');
  for (let s = 0; s < subjects.n; s++) {
    if (!iggKappa?.[isotype.codes[s]] || drug[s] === null || best[s] !== 'VGPR' || !lastIfePos[s]) continue;
    out.push({ subject: subjects.id[s], bestResponse: 'VGPR', lastIfeDate: formatDay(lastIfe[s]), drug: drug[s]! });
  }
  return out.sort((x, y) => (x.subject < y.subject ? -1 : 1));
}
