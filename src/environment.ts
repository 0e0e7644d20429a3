import { existsSync } from 'node:fs';
import { formatConfigProblems, parseConfig, type Config, type Purpose } from './config.js';

/**
 * The configuration a command-line entry point runs with: `.env` when present (it never
 * overrides variables already set), then the environment. On any problem it prints one line
 * per problem and exits 1, with no stack trace.
 */
export function configFromEnvironment(purpose: Purpose = 'start'): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(formatConfigProblems(parsed.error, purpose));
    process.exit(1);
  }
  if (parsed.value.sharding.role !== 'shard') {
    // discord.js's Client reads these itself (a shard count equal to its default of 1 does not
    // stop it), and they mean something only in a process the shard manager started: left in
    // .env, SHARDS=2 would have a lone bot identify as shard [2, 1] and be closed by Discord.
    delete process.env['SHARDS'];
    delete process.env['SHARD_COUNT'];
  }
  return parsed.value;
}
