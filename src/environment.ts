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
  return parsed.value;
}
