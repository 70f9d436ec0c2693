/**
 * Writes the demo's ILLUSTRATIVE school files to demo/fixtures/ from the
 * published Ofsted position (demo/fixtures/ofsted-position.csv):
 *
 *   npx tsx demo/generate-illustrative-schools.ts
 *
 * The files are committed; src/services/demo/illustrative-schools.ts says
 * how they are made, and a test checks that they are what it makes.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { toWindows1252 } from '../src/services/demo/illustrative-schools.ts';
import { ILLUSTRATIVE_SCHOOL_FILES, makeIllustrativeSchools } from '../src/services/demo/load-schools.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

const files = await makeIllustrativeSchools(FIXTURES);
await writeFile(
  `${FIXTURES}${ILLUSTRATIVE_SCHOOL_FILES.establishments}`,
  toWindows1252(files.establishments),
);
await writeFile(`${FIXTURES}${ILLUSTRATIVE_SCHOOL_FILES.links}`, files.links);
await writeFile(`${FIXTURES}${ILLUSTRATIVE_SCHOOL_FILES.inspections}`, toWindows1252(files.inspections));
await writeFile(`${FIXTURES}${ILLUSTRATIVE_SCHOOL_FILES.reportCards}`, toWindows1252(files.reportCards));
console.log(`${files.schools} illustrative schools written to ${FIXTURES}`);
