/**
 * The input files of a study folder and their columns (SPEC.md section 2). Column names are matched
 * case-insensitively; unknown columns are kept only when the plan names them (strata, subgroups).
 */

export type ColumnType = 'string' | 'enum' | 'yn' | 'date' | 'datetime' | 'number';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required?: boolean;
  /** allowed values for `enum` (matched case-insensitively, stored as written here) */
  values?: readonly string[];
  /** value used when the cell is empty */
  default?: string;
  /** inclusive lower bound for numbers */
  min?: number;
  /** inclusive upper bound for numbers */
  max?: number;
}

/** The input tables of a study, by the name mapping.yaml and messages use. */
export type TableName = 'subjects' | 'mrd' | 'response' | 'imaging' | 'tte' | 'therapy';

export interface FileSpec {
  table: TableName;
  /** the file of the native layout */
  file: string;
  required: boolean;
  columns: ColumnSpec[];
}

export const RESPONSE_CATEGORIES = ['SCR', 'CR', 'VGPR', 'PR', 'MR', 'SD', 'PD', 'NE'] as const;
export type ResponseCategory = (typeof RESPONSE_CATEGORIES)[number];

export const MRD_RESULTS = ['NEGATIVE', 'POSITIVE', 'FAILED', 'NOT DONE'] as const;
export const MRD_METHODS = ['NGF', 'NGS'] as const;
export type MrdMethod = (typeof MRD_METHODS)[number];

const YN = { type: 'yn' } as const;

export const SUBJECTS: FileSpec = {
  table: 'subjects',
  file: 'subjects.csv',
  required: true,
  columns: [
    { name: 'USUBJID', type: 'string', required: true },
    { name: 'ARM', type: 'string', required: true },
    { name: 'RANDDT', type: 'date', required: true },
    { name: 'ITTFL', ...YN, default: 'Y' },
    { name: 'SAFFL', ...YN },
    { name: 'AGE', type: 'number', min: 0, max: 130 },
    { name: 'SEX', type: 'string' },
    { name: 'RISS', type: 'string' },
    { name: 'CYTORISK', type: 'enum', values: ['HIGH', 'STANDARD'] },
    { name: 'ISOTYPE', type: 'string' },
    { name: 'EMDBL', ...YN },
    { name: 'SITEID', type: 'string' },
  ],
};

export const MRD: FileSpec = {
  table: 'mrd',
  file: 'mrd.csv',
  required: true,
  columns: [
    { name: 'USUBJID', type: 'string', required: true },
    { name: 'SAMPLEID', type: 'string', required: true },
    { name: 'COLLDT', type: 'date', required: true },
    { name: 'METHOD', type: 'enum', values: MRD_METHODS, required: true },
    { name: 'RESULT', type: 'enum', values: MRD_RESULTS, required: true },
    { name: 'SPEC', type: 'enum', values: ['BM', 'PB'], default: 'BM' },
    { name: 'LAB', type: 'string' },
    { name: 'CENTRAL', ...YN, default: 'Y' },
    { name: 'VISIT', type: 'string' },
    { name: 'MRDLEVEL', type: 'number', min: 0 },
    { name: 'CELLS', type: 'number', min: 0 },
    { name: 'DNANG', type: 'number', min: 0 },
    { name: 'CLONALEV', type: 'number', min: 0 },
    { name: 'LOD', type: 'number', min: 0 },
    { name: 'FAILRSN', type: 'string' },
    { name: 'HEMODIL', ...YN },
    { name: 'RECVDTM', type: 'datetime' },
    { name: 'PROCDTM', type: 'datetime' },
    { name: 'CLONEID', ...YN },
  ],
};

export const RESPONSE: FileSpec = {
  table: 'response',
  file: 'response.csv',
  required: true,
  columns: [
    { name: 'USUBJID', type: 'string', required: true },
    { name: 'ADT', type: 'date', required: true },
    { name: 'AVALC', type: 'enum', values: RESPONSE_CATEGORIES, required: true },
    { name: 'FLCNORM', ...YN },
    { name: 'IFE', type: 'enum', values: ['NEG', 'POS'] },
  ],
};

export const IMAGING: FileSpec = {
  table: 'imaging',
  file: 'imaging.csv',
  required: false,
  columns: [
    { name: 'USUBJID', type: 'string', required: true },
    { name: 'ADT', type: 'date', required: true },
    { name: 'MODALITY', type: 'enum', values: ['PET-CT', 'MRI', 'CT'] },
    { name: 'RESULT', type: 'enum', values: ['NEGATIVE', 'POSITIVE'], required: true },
    { name: 'EMD', ...YN },
  ],
};

export const TTE: FileSpec = {
  table: 'tte',
  file: 'tte.csv',
  required: true,
  columns: [
    { name: 'USUBJID', type: 'string', required: true },
    { name: 'PARAMCD', type: 'string', required: true },
    { name: 'STARTDT', type: 'date', required: true },
    { name: 'ADT', type: 'date', required: true },
    { name: 'CNSR', type: 'number', required: true, min: 0 },
    { name: 'EVNTDESC', type: 'string' },
    { name: 'CNSDTDSC', type: 'string' },
    // ADTTE's analysis value and its unit: not used for the analysis (times come from the dates), checked by mrd validate
    { name: 'AVAL', type: 'number', min: 0 },
    { name: 'AVALU', type: 'string' },
  ],
};

export const THERAPY: FileSpec = {
  table: 'therapy',
  file: 'therapy.csv',
  required: false,
  columns: [
    { name: 'USUBJID', type: 'string', required: true },
    { name: 'DRUG', type: 'string', required: true },
    { name: 'CLASS', type: 'string' },
    { name: 'STDT', type: 'date', required: true },
    { name: 'ENDT', type: 'date' },
    { name: 'NEWTHER', ...YN },
  ],
};

export const FILES = [SUBJECTS, MRD, RESPONSE, IMAGING, TTE, THERAPY] as const;

/** IMWG categories from worst to best; NE ranks below PD so that any real assessment beats it. */
export const RESPONSE_RANK: Record<ResponseCategory, number> = { NE: 0, PD: 1, SD: 2, MR: 3, PR: 4, VGPR: 5, CR: 6, SCR: 7 };
