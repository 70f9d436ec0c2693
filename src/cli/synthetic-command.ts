import { parseArgs } from 'node:util';
import { authorityByCode, ENGLISH_AUTHORITIES } from '../synthetic/authorities.ts';
import { FORMATS, writeAuthorities, type Format } from '../synthetic/write-england.ts';

export const SYNTHETIC_USAGE = `  synthetic --out DIR [--authority CODE | --all] [--years N] [--first-year-ending YYYY-03-31]
            [--seed N] [--formats cin,903,903xml,annexa]
                  write synthetic child-level returns (CIN census, SSDA903, Annex A) to
                  DIR/<la>/<yearEnding>/; the same seed always writes the same files`;

/**
 * `scorecard synthetic …`: takes the arguments after the command word and
 * needs no database. Exit codes: 0 written, 2 usage.
 */
export async function runSyntheticCommand(argv: string[]): Promise<number> {
  let flags;
  try {
    ({ values: flags } = parseArgs({
      args: argv,
      strict: true,
      options: {
        out: { type: 'string' },
        authority: { type: 'string' },
        all: { type: 'boolean' },
        years: { type: 'string', default: '5' },
        'first-year-ending': { type: 'string', default: '2023-03-31' },
        seed: { type: 'string', default: '1' },
        formats: { type: 'string', default: FORMATS.join(',') },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage:\n${SYNTHETIC_USAGE}`);
    return 2;
  }
  const authority = flags.authority ? authorityByCode(flags.authority) : undefined;
  const formats = flags.formats.split(',').map((f) => f.trim());
  const problems = [
    !flags.out && '--out DIR is required',
    !flags.all && !authority && `--authority must be one of the 153 English authority codes (or --all)`,
    !/^\d{4}-03-31$/.test(flags['first-year-ending']) &&
      '--first-year-ending must be a 31 March (YYYY-03-31)',
    !(Number(flags.years) >= 1 && Number.isInteger(Number(flags.years))) &&
      '--years must be a whole number ≥ 1',
    !Number.isInteger(Number(flags.seed)) && '--seed must be a whole number',
    formats.some((f) => !FORMATS.includes(f as Format)) && `--formats must be among ${FORMATS.join(',')}`,
  ].filter(Boolean);
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    console.error(`Usage:\n${SYNTHETIC_USAGE}`);
    return 2;
  }
  const started = Date.now();
  await writeAuthorities({
    out: flags.out!,
    authorities: flags.all ? ENGLISH_AUTHORITIES : [authority!],
    firstYearEnding: flags['first-year-ending'],
    years: Number(flags.years),
    seed: Number(flags.seed),
    formats: formats as Format[],
    onAuthority: (a, records) =>
      console.log(
        `${a.la} ${a.name}: ${records.children.length} children, ${records.referrals.length} referrals, ${records.episodes.length} episodes of care (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      ),
  });
  return 0;
}
