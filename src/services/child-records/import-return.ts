import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { parseAnnexA } from '../../import/child-records/annex-a.ts';
import { parseCinCensus } from '../../import/child-records/cin-census.ts';
import { parseSsda903 } from '../../import/child-records/ssda903.ts';
import type { IsoDate, ParsedReturn, ReturnSource } from '../../measures/model.ts';
import { invalid } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { storeReturn, type StoredReturn } from './store-return.ts';

/**
 * Importing one child-level return: read by its source's importer, then
 * stored with its findings (store-return.ts). A file the importer cannot
 * read at all refuses the import with the importer's message, naming the
 * file; nothing is stored.
 */

export interface ReturnFile {
  name: string;
  bytes: Uint8Array;
}

export interface ReturnUpload {
  source: ReturnSource;
  files: readonly ReturnFile[];
  /** The authority's DfE code. The CIN census names its own; the SSDA903 and Annex A do not. */
  la?: string;
  /** The SSDA903's year end (31 March) or the Annex A extract date; the CIN census carries its reference date. */
  asAt?: IsoDate;
}

export const SOURCE_LABELS: Record<ReturnSource, string> = {
  cin_census: 'Children in Need census (XML)',
  ssda903: 'SSDA903 children looked after return (CSV tables or XML)',
  annex_a: 'Ofsted Annex A lists (CSV or XLSX)',
};

function read(upload: ReturnUpload): ParsedReturn {
  const [first, ...others] = upload.files;
  if (!first) return { ok: false, file: '', message: 'Choose the file or files of the return.' };
  switch (upload.source) {
    case 'cin_census':
      if (others.length)
        return {
          ok: false,
          file: others[0]!.name,
          message: 'A CIN census is one XML file: import the files one at a time.',
        };
      return parseCinCensus(first, upload.la ? { la: upload.la } : {});
    case 'ssda903':
      if (!upload.la)
        return {
          ok: false,
          file: first.name,
          message: 'Say which authority the SSDA903 return is for: its files do not name it.',
        };
      return parseSsda903(upload.files, {
        la: upload.la,
        ...(upload.asAt ? { yearEnding: upload.asAt } : {}),
      });
    case 'annex_a':
      if (!upload.la || !upload.asAt)
        return {
          ok: false,
          file: first.name,
          message:
            'Say which authority the Annex A lists are for and the day they were extracted: the lists name neither.',
        };
      return parseAnnexA(upload.files, { la: upload.la, extractDate: upload.asAt });
  }
}

export async function importReturn(
  db: Kysely<Database>,
  upload: ReturnUpload,
  context: RequestContext,
): Promise<StoredReturn> {
  requirePermission(context, 'children:import');
  const parsed = read(upload);
  if (!parsed.ok)
    throw invalid(`${parsed.file ? `${parsed.file}: ` : ''}${parsed.message} Nothing was imported.`, []);
  const la = parsed.la ?? upload.la;
  const asAt = parsed.periodEnd ?? upload.asAt;
  if (!la || !asAt)
    throw invalid(
      `${upload.files.map((f) => f.name).join(', ')}: the return names no authority or date, and none was given. Nothing was imported.`,
      [],
    );
  return storeReturn(
    db,
    {
      source: parsed.source,
      la,
      asAt,
      fileNames: upload.files.map((f) => f.name),
      records: parsed.records,
      findings: parsed.findings,
    },
    context,
  );
}
