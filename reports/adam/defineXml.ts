import type { AdamDataset, AdamVariable } from './adamDataset.js';

/**
 * define.xml 2.1 (CDISC Define-XML 2.1.0 on ODM 1.3.2) for the ADaM data sets of one run: an
 * ItemGroupDef per data set with its class, structure, keys and file; an ItemDef per variable with
 * type, length, display format and origin; the code lists; a MethodDef with the derivation in words for
 * every derived variable; and value-level metadata on PARAMCD for the analysis value of each BDS data
 * set, so that every parameter's rule is stated where a reviewer looks for it.
 */

export interface DefineInput {
  study: string;
  /** ISO date-time written as CreationDateTime */
  created: string;
  version: string;
  datasets: { ds: AdamDataset; lengths: Map<string, number>; file: string }[];
}

const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Text fit for an XML attribute or element. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ATTR_ESCAPES[c]);
}

const text = (s: string) => `<TranslatedText xml:lang="en">${xmlEscape(s)}</TranslatedText>`;
const description = (s: string) => `<Description>${text(s)}</Description>`;

/** define.xml data type of a variable: ADaM dates are SAS numeric dates (integer with DATE9.). */
function dataType(v: AdamVariable): string {
  return v.type === 'date' ? 'integer' : v.type;
}

/** The variable whose values are described per parameter (AVALC in ADMRD, AVAL in ADTTE). */
function valueLevelVariable(ds: AdamDataset): string | null {
  return ds.parameters && ds.parameterValue ? ds.parameterValue : null;
}

export function defineXml(input: DefineInput): string {
  const out: string[] = [];
  const w = (indent: number, line: string) => out.push('  '.repeat(indent) + line);
  const studyOid = `ST.${input.study}`;
  w(0, '<?xml version="1.0" encoding="UTF-8"?>');
  w(
    0,
    `<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:def="http://www.cdisc.org/ns/def/v2.1" ODMVersion="1.3.2" FileType="Snapshot" FileOID="DEF.${xmlEscape(input.study)}.ADAM" CreationDateTime="${input.created}" Originator="mrd-pipeline" SourceSystem="mrd-pipeline" SourceSystemVersion="${xmlEscape(input.version)}" def:Context="Submission">`,
  );
  w(1, `<Study OID="${xmlEscape(studyOid)}">`);
  w(2, '<GlobalVariables>');
  w(3, `<StudyName>${xmlEscape(input.study)}</StudyName>`);
  w(3, `<StudyDescription>${xmlEscape(`${input.study}: minimal residual disease analysis data sets`)}</StudyDescription>`);
  w(3, `<ProtocolName>${xmlEscape(input.study)}</ProtocolName>`);
  w(2, '</GlobalVariables>');
  w(2, `<MetaDataVersion OID="MDV.MRD" Name="${xmlEscape(input.study)} MRD ADaM" Description="ADaM data sets written by mrd run" def:DefineVersion="2.1.0">`);
  w(3, '<def:Standards>');
  w(4, '<def:Standard OID="STD.ADAMIG" Name="ADaMIG" Type="IG" Version="1.3" Status="Final"/>');
  w(3, '</def:Standards>');

  // value-level metadata: the analysis value of each parameter, with its own rule
  for (const { ds } of input.datasets) {
    const target = valueLevelVariable(ds);
    if (!target) continue;
    w(3, `<def:ValueListDef OID="VL.${ds.name}.${target}">`);
    ds.parameters!.forEach((p, k) => {
      w(4, `<ItemRef ItemOID="IT.${ds.name}.${target}.${p.paramcd}" OrderNumber="${k + 1}" Mandatory="Yes" MethodOID="MT.${ds.name}.${target}.${p.paramcd}">`);
      w(5, `<def:WhereClauseRef WhereClauseOID="WC.${ds.name}.PARAMCD.${p.paramcd}"/>`);
      w(4, '</ItemRef>');
    });
    w(3, '</def:ValueListDef>');
  }
  for (const { ds } of input.datasets) {
    if (!valueLevelVariable(ds)) continue;
    for (const p of ds.parameters!) {
      w(3, `<def:WhereClauseDef OID="WC.${ds.name}.PARAMCD.${p.paramcd}">`);
      w(4, `<RangeCheck SoftHard="Soft" def:ItemOID="IT.${ds.name}.PARAMCD" Comparator="EQ"><CheckValue>${xmlEscape(p.paramcd)}</CheckValue></RangeCheck>`);
      w(3, '</def:WhereClauseDef>');
    }
  }

  for (const { ds, file } of input.datasets) {
    w(
      3,
      `<ItemGroupDef OID="IG.${ds.name}" Name="${ds.name}" SASDatasetName="${ds.name}" Repeating="Yes" IsReferenceData="No" Purpose="Analysis" def:Structure="${xmlEscape(ds.structure)}" def:StandardOID="STD.ADAMIG" def:ArchiveLocationID="LF.${ds.name}">`,
    );
    w(4, description(ds.label));
    ds.variables.forEach((v, k) => {
      const key = ds.keys.indexOf(v.name);
      const method = v.method && v.origin.type === 'Derived' ? ` MethodOID="MT.${ds.name}.${v.name}"` : '';
      w(4, `<ItemRef ItemOID="IT.${ds.name}.${v.name}" OrderNumber="${k + 1}" Mandatory="${key >= 0 ? 'Yes' : 'No'}"${key >= 0 ? ` KeySequence="${key + 1}"` : ''}${method}/>`);
    });
    w(4, ds.subclass ? `<def:Class Name="${ds.adamClass}"><def:SubClass Name="${ds.subclass}"/></def:Class>` : `<def:Class Name="${ds.adamClass}"/>`);
    w(4, `<def:leaf ID="LF.${ds.name}" xlink:href="${xmlEscape(file)}"><def:title>${xmlEscape(file)}</def:title></def:leaf>`);
    w(3, '</ItemGroupDef>');
  }

  const codelists = new Map<string, NonNullable<AdamVariable['codelist']> & { dataType: string }>();
  // code lists are shared by name (NY, ARMCD, ...): one CodeList each
  const codelistOid = (v: AdamVariable) => {
    const c = v.codelist!;
    const oid = `CL.${c.name}`;
    if (!codelists.has(oid)) codelists.set(oid, { ...c, dataType: dataType(v) });
    return oid;
  };
  for (const { ds, lengths } of input.datasets) {
    const target = valueLevelVariable(ds);
    for (const v of ds.variables) {
      w(3, `<ItemDef OID="IT.${ds.name}.${v.name}" Name="${v.name}" SASFieldName="${v.name}" DataType="${dataType(v)}" Length="${lengths.get(v.name)}"${v.format ? ` def:DisplayFormat="${xmlEscape(v.format)}"` : ''}>`);
      w(4, description(v.label));
      if (v.codelist) w(4, `<CodeListRef CodeListOID="${codelistOid(v)}"/>`);
      w(4, origin(v));
      if (v.name === target) w(4, `<def:ValueListRef ValueListOID="VL.${ds.name}.${target}"/>`);
      w(3, '</ItemDef>');
    }
    if (target) {
      const v = ds.variables.find((x) => x.name === target)!;
      for (const p of ds.parameters!) {
        w(3, `<ItemDef OID="IT.${ds.name}.${target}.${p.paramcd}" Name="${target}" SASFieldName="${target}" DataType="${dataType(v)}" Length="${lengths.get(target)}">`);
        w(4, description(`${v.label}, ${p.param}`));
        if (v.codelist) w(4, `<CodeListRef CodeListOID="${codelistOid(v)}"/>`);
        w(4, '<def:Origin Type="Derived"/>');
        w(3, '</ItemDef>');
      }
    }
  }

  for (const [oid, c] of codelists) {
    w(3, `<CodeList OID="${oid}" Name="${xmlEscape(c.name)}" DataType="${c.dataType}">`);
    const decoded = c.items.some((x) => x.decode !== undefined);
    c.items.forEach((x, k) => {
      if (decoded) w(4, `<CodeListItem CodedValue="${xmlEscape(x.coded)}" OrderNumber="${k + 1}"><Decode>${text(x.decode ?? x.coded)}</Decode></CodeListItem>`);
      else w(4, `<EnumeratedItem CodedValue="${xmlEscape(x.coded)}" OrderNumber="${k + 1}"/>`);
    });
    w(3, '</CodeList>');
  }

  for (const { ds } of input.datasets) {
    for (const v of ds.variables) {
      if (!v.method || v.origin.type !== 'Derived') continue;
      w(3, `<MethodDef OID="MT.${ds.name}.${v.name}" Name="Algorithm to derive ${ds.name}.${v.name}" Type="Computation">`);
      w(4, description(v.method));
      w(3, '</MethodDef>');
    }
    const target = valueLevelVariable(ds);
    if (!target) continue;
    for (const p of ds.parameters!) {
      w(3, `<MethodDef OID="MT.${ds.name}.${target}.${p.paramcd}" Name="Algorithm to derive ${target} for ${p.paramcd}" Type="Computation">`);
      w(4, description(`${p.param}: ${p.method}`));
      w(3, '</MethodDef>');
    }
  }
  w(2, '</MetaDataVersion>');
  w(1, '</Study>');
  w(0, '</ODM>');
  return out.join('\n') + '\n';
}

/** def:Origin of a variable (Predecessor names its source file and column). */
function origin(v: AdamVariable): string {
  if (v.origin.type === 'Predecessor' && v.origin.source) return `<def:Origin Type="Predecessor">${description(v.origin.source)}</def:Origin>`;
  if (v.origin.type === 'Assigned' && v.method) return `<def:Origin Type="Assigned">${description(v.method)}</def:Origin>`;
  return `<def:Origin Type="${v.origin.type}"/>`;
}
