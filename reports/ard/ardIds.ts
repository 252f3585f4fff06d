import { thresholdText } from '../format.js';

/**
 * The id of each analysis results record (ard.json). Tables name the record behind each cell with the
 * same function, so a cell and its record cannot drift apart.
 */
const t = (threshold: number | null) => (threshold === null ? '-' : thresholdText(threshold));

export type ComparisonMethod = 'CMH' | 'MH_OR' | 'EXACT_OR' | 'MN_RD';
export type ConcordancePart = 'COUNTS' | 'AGREEMENT_OVERALL' | 'AGREEMENT_POSITIVE' | 'AGREEMENT_NEGATIVE' | 'KAPPA' | 'MCNEMAR';

export const ardId = {
  mrdRate: (endpoint: string, population: string, threshold: number, arm: string) => `MRD_RATE:${endpoint}:${population}:${t(threshold)}:${arm}`,
  mrdComparison: (method: ComparisonMethod, endpoint: string, population: string, threshold: number, arm: string) => `MRD_${method}:${endpoint}:${population}:${t(threshold)}:${arm}`,
  responseRate: (endpoint: string, arm: string) => `RESPONSE_RATE:${endpoint}:ITT:${arm}`,
  responseComparison: (method: ComparisonMethod, endpoint: string, arm: string) => `RESPONSE_${method}:${endpoint}:ITT:${arm}`,
  km: (endpoint: string, threshold: number | null, group: string) => `KM:${endpoint}:${t(threshold)}:${group}`,
  kmLandmark: (endpoint: string, threshold: number | null, group: string, month: number) => `KM_LANDMARK:${endpoint}:${t(threshold)}:${group}:${month}`,
  cox: (endpoint: string, threshold: number | null, group: string) => `COX:${endpoint}:${t(threshold)}:${group}`,
  logrank: (endpoint: string, threshold: number | null) => `LOGRANK:${endpoint}:${t(threshold)}`,
  concordance: (part: ConcordancePart, threshold: number) => `CONCORDANCE_${part}:${t(threshold)}`,
  failure: (by: string, method: string, level: string) => `FAILURE_RATE:${by.replace(/ × /g, '_X_').toUpperCase()}:${method}:${level}`,
  conversion: (threshold: number, arm: string) => `CONVERSION_RATE:${t(threshold)}:${arm}`,
  subgroupRate: (endpoint: string, threshold: number, variable: string, level: string, arm: string) => `SUBGROUP_RATE:${endpoint}:${t(threshold)}:${variable}:${level}:${arm}`,
  subgroupInteraction: (endpoint: string, threshold: number, variable: string, arm: string) => `SUBGROUP_INTERACTION:${endpoint}:${t(threshold)}:${variable}:${arm}`,
  subgroupComparison: (method: 'WOOLF_OR' | 'MN_RD', endpoint: string, threshold: number, variable: string, level: string, arm: string) =>
    `SUBGROUP_${method}:${endpoint}:${t(threshold)}:${variable}:${level}:${arm}`,
};
