import { parseArgs } from 'node:util';
import { copySqliteToPostgres, CopyRefused } from '../store/copy.js';
import { isPostgresUrl } from '../store/open.js';

/**
 * `npm run db:copy -- --from data/tutor.db --to postgres://…`: moves a SQLite database into
 * Postgres, every table with its ids, in one transaction. Stop the bot first: rows written
 * to the file during the copy would stay behind.
 */
const usage = 'Usage: npm run db:copy -- --from <SQLite file> --to <postgres://… URL> [--replace]   (--replace empties a target that already holds rows)';

let values: { from?: string; to?: string; replace?: boolean };
try {
  ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(1);
}
const { from, to } = values;
if (!from || !to || !isPostgresUrl(to) || isPostgresUrl(from)) {
  console.error(usage);
  process.exit(1);
}
try {
  const report = await copySqliteToPostgres(from, to, { replace: values.replace ?? false });
  const total = report.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(`Copied ${total.toLocaleString('en')} rows in ${report.tables.length} tables from ${from} (schema v${report.schemaVersion}) to Postgres:`);
  for (const table of report.tables) console.log(`  ${table.table.padEnd(24)} ${table.rows.toLocaleString('en')}`);
} catch (error) {
  // The URL may hold a password: only the reason is printed.
  console.error(error instanceof CopyRefused ? error.message : `The copy failed and nothing was written to the target (${(error as Error).message}).`);
  process.exit(1);
}
