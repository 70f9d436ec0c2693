import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RequestContext } from '../context.ts';
import { importInspections, importSchoolRegister, type SchoolFile } from './import-schools.ts';
import { createSchoolReads } from './read-schools.ts';
import { recordSchoolsPosition, type RecordPositionRequest } from './record-position.ts';

/** The schools use cases with their database bound (docs/schools.md). */
export function createSchoolServices(db: Kysely<Database>) {
  return {
    ...createSchoolReads(db),
    importRegister: (
      files: { establishments: SchoolFile; links?: SchoolFile | undefined },
      context: RequestContext,
    ) => importSchoolRegister(db, files, context),
    importInspections: (file: SchoolFile, context: RequestContext) => importInspections(db, file, context),
    recordPosition: (request: RecordPositionRequest, context: RequestContext) =>
      recordSchoolsPosition(db, request, context),
  };
}

export type SchoolServices = ReturnType<typeof createSchoolServices>;
