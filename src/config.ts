import { z } from 'zod';

/**
 * The environment, parsed once at start-up. A bad setting stops the process
 * with a message naming the variable, rather than failing later on a request.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** 'true' when users reach the service over HTTPS: cookies are then sent only over HTTPS. */
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  /** 'true' behind a reverse proxy, so client addresses (for the audit record and rate limits) are right. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Public reports show counts from 1 to this as 'c' (docs/disclosure-control.md). */
  DISCLOSURE_THRESHOLD: z.coerce.number().int().min(1).default(5),
  /** The Chromium that prints report packs to PDF (Debian's package by default). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
});

export type Config = z.infer<typeof EnvSchema>;

/** Secure cookies by default in production (served over HTTPS); SECURE_COOKIES overrides. */
export const isSecure = (config: Config): boolean =>
  config.SECURE_COOKIES ? config.SECURE_COOKIES === 'true' : config.NODE_ENV === 'production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment settings:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
