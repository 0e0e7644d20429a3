import { z } from 'zod';
import { err, ok, type Result } from './errors.js';

/** Per process (each shard has its own pool): enough for a burst of answers, well under Postgres's 100 connections for a few shards. */
export const defaultPoolSize = 10;
/** A statement running longer is cancelled and the member told to try again: a stuck query must not hold an interaction. */
export const defaultStatementTimeoutMs = 5_000;

/** An empty line like `DISCORD_GUILD_ID=` in .env means "not set", not "set to nothing". */
const blankAsMissing = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsMissing, schema.optional());

const snowflake = z.string().trim().regex(/^\d{17,20}$/, 'must be a Discord id: 17 to 20 digits (Developer Mode → Copy ID)');

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    blankAsMissing,
    z
      .string({
        error: 'is not set. Copy .env.example to .env and paste your bot token from the Discord Developer Portal (Bot → Reset Token)',
      })
      .trim()
      .transform((token) => token.replace(/^Bot\s+/i, ''))
      .refine((token) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token), {
        message: 'does not look like a bot token (three parts separated by dots). Copy it again from the Developer Portal, Bot → Reset Token',
      }),
  ),
  DISCORD_APPLICATION_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  DATABASE_PATH: optional(z.string().trim()),
  DATABASE_URL: optional(
    z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'must be a Postgres URL (postgres://user:password@host:5432/database); leave it unset to use SQLite at DATABASE_PATH'),
  ),
  DATABASE_POOL_SIZE: optional(z.string().trim().regex(/^\d+$/, 'must be a whole number of connections').transform(Number).refine((size) => size >= 1 && size <= 200, 'must be from 1 to 200')),
  DATABASE_STATEMENT_TIMEOUT_MS: optional(z.string().trim().regex(/^\d+$/, 'must be a number of milliseconds').transform(Number)),
  CONTENT_DIR: optional(z.string().trim()),
  LOG_LEVEL: optional(z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` })),
  TOKEN_GUARD_INTENT: optional(z.enum(['true', 'false'], { error: 'must be true or false' })),
  METRICS_PORT: optional(
    z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535 (0 picks a free one)')
      .transform(Number)
      .refine((port) => port <= 65_535, 'must be a port number from 0 to 65535 (0 picks a free one)'),
  ),
  METRICS_HOST: optional(z.string().trim()),
  BOT_SHARDS: optional(
    z
      .string()
      .trim()
      .regex(/^(auto|[1-9]\d{0,4})$/i, 'must be auto (the count Discord recommends) or a number of shards from 1 to 99999')
      .transform((value) => (value.toLowerCase() === 'auto' ? ('auto' as const) : Number(value))),
  ),
  // Set by discord.js's ShardingManager for each shard process it starts, and read only then:
  // the same names in a user's .env must not decide which shard a lone bot identifies as.
  SHARDING_MANAGER: optional(z.string()),
  SHARDS: optional(z.string()),
  SHARD_COUNT: optional(z.string()),
});

export interface Config {
  discordToken: string;
  applicationId: string | undefined;
  guildId: string | undefined;
  apiUrl: string;
  databasePath: string;
  /** Set by DATABASE_URL: the store is on Postgres (DATABASE_PATH then only places the content cache). */
  postgres: { url: string; poolSize: number; statementTimeoutMs: number } | undefined;
  contentDir: string;
  logLevel: (typeof logLevels)[number];
  /** Ask for the Message Content intent so servers can turn the token guard on. */
  tokenGuardIntent: boolean;
  /** The health and metrics listener; off unless METRICS_PORT is set. */
  metrics: { host: string; port: number } | undefined;
  sharding: Sharding;
}

/** The gateway shards one bot process runs: [0] of 1 alone, or one shard a manager gave it. */
export interface ShardAssignment {
  ids: number[];
  count: number;
}

/**
 * What this process is: the one bot (the default), the manager of `count` shard processes
 * (BOT_SHARDS), or one of those shards (started by the manager).
 */
export type Sharding =
  | { role: 'single'; shard: ShardAssignment }
  | { role: 'manager'; count: number | 'auto' }
  | { role: 'shard'; shard: ShardAssignment };

const lone: ShardAssignment = { ids: [0], count: 1 };

function shardingOf(values: z.infer<typeof envSchema>): Result<Sharding, ConfigProblem> {
  if (values.SHARDING_MANAGER === 'true') {
    const id = Number(values.SHARDS);
    const count = Number(values.SHARD_COUNT);
    if (!Number.isInteger(id) || !Number.isInteger(count) || id < 0 || id >= count) {
      return err({ variable: 'SHARDS', message: `and SHARD_COUNT from the shard manager do not name a shard (${values.SHARDS} of ${values.SHARD_COUNT})` });
    }
    return ok({ role: 'shard', shard: { ids: [id], count } });
  }
  return ok(values.BOT_SHARDS === undefined ? { role: 'single', shard: lone } : { role: 'manager', count: values.BOT_SHARDS });
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Pure: the environment is passed in, so nothing reads process.env at import time. */
export function parseConfig(env: Record<string, string | undefined>): Result<Config, ConfigProblem[]> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'environment'), message: issue.message })),
    );
  }
  const values = parsed.data;
  const sharding = shardingOf(values);
  if (!sharding.ok) return err([sharding.error]);
  return ok({
    sharding: sharding.value,
    discordToken: values.DISCORD_TOKEN,
    applicationId: values.DISCORD_APPLICATION_ID,
    guildId: values.DISCORD_GUILD_ID,
    apiUrl: values.DISCORD_API_URL ?? 'https://discord.com/api',
    databasePath: values.DATABASE_PATH ?? 'data/tutor.db',
    postgres:
      values.DATABASE_URL === undefined
        ? undefined
        : { url: values.DATABASE_URL, poolSize: values.DATABASE_POOL_SIZE ?? defaultPoolSize, statementTimeoutMs: values.DATABASE_STATEMENT_TIMEOUT_MS ?? defaultStatementTimeoutMs },
    contentDir: values.CONTENT_DIR ?? 'content',
    logLevel: values.LOG_LEVEL ?? 'info',
    tokenGuardIntent: values.TOKEN_GUARD_INTENT === 'true',
    metrics: values.METRICS_PORT === undefined ? undefined : { host: values.METRICS_HOST ?? '127.0.0.1', port: values.METRICS_PORT },
  });
}

/** What a command-line entry point was asked to do, for the first line of its failure. */
export type Purpose = 'start' | 'deploy';

const cannot: Record<Purpose, string> = {
  start: 'The bot cannot start',
  deploy: 'The commands cannot be deployed',
};

export function formatConfigProblems(problems: readonly ConfigProblem[], purpose: Purpose = 'start'): string {
  // One problem, one line; several, a heading and one line each.
  if (problems.length === 1) return `${cannot[purpose]}: ${problems[0]?.variable} ${problems[0]?.message}.`;
  const lines = problems.map((problem) => `  ${problem.variable} ${problem.message}`);
  return [`${cannot[purpose]}; fix the configuration (.env or the environment):`, ...lines].join('\n');
}
