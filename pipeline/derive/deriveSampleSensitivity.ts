import type { Plan } from '../../model/plan.js';
import type { Table } from '../ingest/readTable.js';
import { sharedFloat64, sharedUint8 } from '../../model/sharedArrays.js';

export const LOD_SOURCE = ['NONE', 'LAB_LOD', 'NGF_EVENTS', 'NGS_CELLS', 'NGS_DNA'] as const;
export type LodSource = (typeof LOD_SOURCE)[number];

export interface SampleSensitivity {
  /** achieved limit of detection as a fraction of nucleated cells; NaN when it cannot be known */
  lod: Float64Array;
  /** where each LOD came from (index into LOD_SOURCE) */
  source: Uint8Array;
  /** nucleated cells evaluated (CELLS, or NGS DNA input converted to cells); NaN when unknown (read only: it may be the CELLS column itself) */
  cells: Float64Array;
}

/**
 * Achieved sensitivity of each MRD sample (SPEC.md section 3): the lab's LOD when reported; otherwise
 * NGF `lodEvents / CELLS` (EuroFlow: 20 clonal events define the LOD), NGS `lodCells / cells`, with
 * cells from CELLS or `DNANG * 1000 / dnaPerCellPg` (about 6.5 pg of DNA per diploid cell).
 */
export function deriveSampleSensitivity(mrd: Table, plan: Plan): SampleSensitivity {
  const n = mrd.n;
  // every entry is written below (NaN where unknown): no separate fill pass over 10^7 samples
  // in shared memory, as the columns are: `mrd run` writes the sample listing from them on another thread
  const lod = sharedFloat64(n);
  const source = sharedUint8(n);
  // cells equal the CELLS column (NaN where empty) unless a row takes its cells from DNA or reports 0:
  // until such a row the column itself serves (80 MB at 10^7 samples), a copy only from then on
  let cells: Float64Array | null = null;
  const { lodEvents } = plan.mrd.ngf;
  const { lodCells, dnaPerCellPg } = plan.mrd.ngs;
  const method = mrd.text.METHOD.codes;
  const NGS = mrd.text.METHOD.codeOf('NGS');
  const NGF = mrd.text.METHOD.codeOf('NGF');
  const CELLS = mrd.num.CELLS;
  const DNA = mrd.num.DNANG;
  const LOD = mrd.num.LOD;
  for (let i = 0; i < n; i++) {
    let c = CELLS[i];
    let fromDna = false;
    if (!(c > 0) && method[i] === NGS && DNA[i] > 0) {
      c = (DNA[i] * 1000) / dnaPerCellPg;
      fromDna = true;
    }
    const v = c > 0 ? c : Number.NaN;
    if (cells === null && v !== CELLS[i] && !(Number.isNaN(v) && Number.isNaN(CELLS[i]))) {
      cells = sharedFloat64(n);
      cells.set(CELLS.subarray(0, i));
    }
    if (cells !== null) cells[i] = v;
    if (LOD[i] > 0) {
      lod[i] = LOD[i];
      source[i] = 1;
    } else if (c > 0) {
      lod[i] = (method[i] === NGF ? lodEvents : lodCells) / c;
      source[i] = method[i] === NGF ? 2 : fromDna ? 4 : 3;
    } else {
      lod[i] = Number.NaN;
    }
  }
  return { lod, source, cells: cells ?? CELLS };
}
