import Database from 'better-sqlite3';
import pg from 'pg';
import { vi } from 'vitest';
import type { Engine } from './engines.js';

/**
 * How many SQL statements `work` runs on an engine: each better-sqlite3 statement execution, or
 * each query a pg client sends (BEGIN and COMMIT included). The calls are counted, not replaced.
 * For the tests that say a piece of work costs the same number of statements whatever its size.
 */
export async function statementsRun(engine: Engine, work: () => Promise<unknown>): Promise<number> {
  const spies = engine === 'sqlite' ? spyOnStatements() : [vi.spyOn(pg.Client.prototype as unknown as Record<'query', () => unknown>, 'query')];
  try {
    await work();
    return spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Spies on every way a better-sqlite3 statement runs: all statements share one prototype. */
function spyOnStatements() {
  const db = new Database(':memory:');
  try {
    const statement = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<'run' | 'get' | 'all' | 'iterate', () => unknown>;
    return (['run', 'get', 'all', 'iterate'] as const).map((method) => vi.spyOn(statement, method));
  } finally {
    db.close();
  }
}

/** The query plans of the SQLite statements `work` runs (as EXPLAIN QUERY PLAN words them), one list per statement. */
export async function sqlitePlansOf(db: Database.Database, work: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
  const spies = spyOnStatements();
  const ran: { sql: string; args: unknown[] }[] = [];
  try {
    await work();
    for (const spy of spies) spy.mock.calls.forEach((args, index) => ran.push({ sql: (spy.mock.contexts[index] as { source: string }).source, args }));
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return ran.map(({ sql, args }) => ({ sql, plan: (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((step) => step.detail) }));
}

/** The steps of a SQLite plan that read a whole table (a subquery's own rows, a JSON array's and constant rows aside). */
export function fullScans(plan: readonly string[]): string[] {
  const subqueries = new Set(plan.flatMap((step) => /^(?:MATERIALIZE|CO-ROUTINE) (\S+)/.exec(step)?.[1] ?? []));
  return plan.filter((step) => {
    const scanned = /^SCAN (\S+)/.exec(step)?.[1];
    return scanned !== undefined && !subqueries.has(scanned) && !step.includes('VIRTUAL TABLE') && !step.includes('CONSTANT ROW');
  });
}
