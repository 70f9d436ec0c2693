/**
 * For the tests: a small SSDA903 return written out both ways, as the CSV
 * tables and as the XML file, from the same rows.
 */
import type { ReturnFile } from './ssda903-csv.ts';
import { SSDA903_TABLES, SSDA903_TABLE_NAMES, type Ssda903TableName } from './ssda903-tables.ts';

export type TestRows = Partial<Record<Ssda903TableName, Record<string, string>[]>>;

const encoder = new TextEncoder();

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function csvReturn(rows: TestRows): ReturnFile[] {
  const tables = SSDA903_TABLE_NAMES.filter(
    (name) => rows[name] !== undefined || name === 'header' || name === 'episodes',
  );
  return tables.map((name) => {
    const columns = SSDA903_TABLES[name];
    const lines = [
      columns.join(','),
      ...(rows[name] ?? []).map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(',')),
    ];
    return { name: `${name}.csv`, bytes: encoder.encode(lines.join('\r\n') + '\r\n') };
  });
}

const element = (name: string, value: string | undefined) =>
  value ? `<${name}>${value}</${name}>` : `<${name} />`;

const elements = (row: Record<string, string> | undefined, names: readonly string[]) =>
  names.map((n) => element(n, row?.[n])).join('');

/** The XML layout of the DfE's 903 export, as fake_903.xml has it. */
export function xmlReturn(rows: TestRows): ReturnFile {
  const of = (table: Ssda903TableName, child: string) => (rows[table] ?? []).filter((r) => r.CHILD === child);
  const children = (rows.header ?? []).map((header) => {
    const id = header.CHILD!;
    const uasc = of('uasc', id)[0];
    const oc3 = of('oc3', id)[0];
    const ad1 = of('ad1', id)[0];
    const oc2 = of('oc2', id)[0];
    const permanence = of('previousPermanence', id)[0];
    return (
      '<CHILD><HEADER>' +
      element('CHILDID', id) +
      elements(header, ['UPN', 'SEX', 'DOB', 'ETHNIC']) +
      element('UASC', uasc ? '1' : undefined) +
      (uasc?.DUC ? element('DUC', uasc.DUC) : '') +
      (oc3 ? elements(oc3, ['IN_TOUCH', 'ACTIV', 'ACCOM']) : '') +
      (ad1 ? elements(ad1, SSDA903_TABLES.ad1.slice(2)) : '') +
      of('reviews', id)
        .map((r) => `<AREVIEW>${elements(r, ['REVIEW', 'REVIEW_CODE'])}</AREVIEW>`)
        .join('') +
      of('missing', id)
        .map((m) => `<AMISSING>${elements(m, ['MISSING', 'MIS_START', 'MIS_END'])}</AMISSING>`)
        .join('') +
      elements(header, ['MOTHER', 'MC_DOB']) +
      (permanence
        ? `<PERMANENCE>${elements(permanence, ['PREV_PERM', 'LA_PERM', 'DATE_PERM'])}</PERMANENCE>`
        : '') +
      (oc2 ? `<OC2>${elements(oc2, SSDA903_TABLES.oc2.slice(2))}</OC2>` : '') +
      of('placedAdoption', id)
        .map((p) => `<AD_PLACED>${elements(p, SSDA903_TABLES.placedAdoption.slice(2))}</AD_PLACED>`)
        .join('') +
      '</HEADER>' +
      of('episodes', id)
        .map(
          (e) =>
            `<EPISODE>${elements(e, ['DECOM', 'RNE', 'LS', 'CIN'])}${element('PL', e.PLACE)}${elements(e, [
              'PL_POST',
              'HOME_POST',
              'URN',
              'PLACE_PROVIDER',
              'DEC',
              'REC',
              'REASON_PLACE_CHANGE',
            ])}</EPISODE>`,
        )
        .join('') +
      '</CHILD>'
    );
  });
  const xml = `<?xml version='1.0' encoding='us-ascii'?>\n<EXPSSDA903>${children.join('')}</EXPSSDA903>`;
  return { name: 'return.xml', bytes: encoder.encode(xml) };
}
