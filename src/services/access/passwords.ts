import argon2 from 'argon2';

/** OWASP's argon2id settings: 19 MiB, two passes, one lane (about 30 ms here). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, OPTIONS);

/** A hash to verify against when no account matches, so an unknown email takes as long as a wrong password. */
let decoy: Promise<string> | null = null;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    decoy ??= hashPassword('no account has this password');
    await argon2.verify(await decoy, password);
    return false;
  }
  return argon2.verify(hash, password);
}

/** Why a new password is not acceptable, or null. */
export function passwordProblem(password: string, context: { email: string }): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 200) return 'must be at most 200 characters';
  if (password.toLowerCase().includes(context.email.split('@')[0]!.toLowerCase()))
    return 'must not contain your email name';
  return null;
}
