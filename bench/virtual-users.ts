import { signInByForm } from './browser.ts';

/**
 * The load generator for bench/sign-in.bench.ts, run as a child process
 * (like autocannon, so it never shares the server's event loop):
 * `node --import tsx bench/virtual-users.ts '<json plan>'` prints a JSON
 * result on stdout. Every user runs its own loop, with no pause between
 * requests, until the plan's time is up:
 *
 * - with `pagesPerSignIn` null, the user already holds a session (its
 *   `cookie`) and only views the page;
 * - otherwise, like a new browser each time round: GET /sign-in, POST
 *   /sign-in, then `pagesPerSignIn` page views with the new cookie.
 *
 * Requests that start in the first `warmupMs` are made but not counted.
 */

export interface Plan {
  base: string;
  path: string;
  durationMs: number;
  warmupMs: number;
  pagesPerSignIn: number | null;
  users: { email: string; password: string; cookie?: string }[];
}

export interface Outcome {
  /** Page views counted: each one's time until its body was read (ms). */
  pages: number[];
  /** Sign-ins counted: GET /sign-in plus POST /sign-in (ms). */
  signIns: number[];
  /** The POST /sign-in part of each (ms). */
  posts: number[];
  /** The time the counted requests span (ms), for rates. */
  countedMs: number;
  failures: number;
  firstFailures: string[];
}

async function run(plan: Plan): Promise<Outcome> {
  const outcome: Outcome = {
    pages: [],
    signIns: [],
    posts: [],
    countedMs: 0,
    failures: 0,
    firstFailures: [],
  };
  const started = performance.now();
  const countFrom = started + plan.warmupMs;
  const end = countFrom + plan.durationMs;
  const url = `${plan.base}${plan.path}`;
  const fail = (error: unknown) => {
    outcome.failures++;
    if (outcome.firstFailures.length < 5) outcome.firstFailures.push(String(error));
    if (outcome.failures > 200) throw new Error(`too many failures: ${outcome.firstFailures.join('; ')}`);
  };

  const page = async (cookie: string) => {
    const began = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    await response.arrayBuffer();
    const took = performance.now() - began;
    if (response.status !== 200) throw new Error(`GET ${plan.path} gave ${response.status}`);
    if (began >= countFrom) outcome.pages.push(took);
  };

  const user = async (account: Plan['users'][number]) => {
    let cookie = account.cookie ?? '';
    while (performance.now() < end) {
      try {
        if (plan.pagesPerSignIn === null) {
          await page(cookie);
          continue;
        }
        const began = performance.now();
        const signedIn = await signInByForm(plan.base, account.email, account.password);
        if (began >= countFrom) {
          outcome.signIns.push(signedIn.formMs + signedIn.postMs);
          outcome.posts.push(signedIn.postMs);
        }
        cookie = signedIn.cookie;
        for (let i = 0; i < plan.pagesPerSignIn; i++) await page(cookie);
      } catch (error) {
        fail(error);
      }
    }
  };

  await Promise.all(plan.users.map(user));
  outcome.countedMs = performance.now() - countFrom;
  return outcome;
}

const plan = JSON.parse(process.argv[2] ?? '') as Plan;
run(plan).then(
  (outcome) => process.stdout.write(JSON.stringify(outcome)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
