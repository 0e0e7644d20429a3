import pg from 'pg';

/**
 * The SQLite stores write parameters as `?` (in order) or `@name`; Postgres numbers them
 * ($1, $2). A statement is written once in either style and compiled here, once per text, so
 * both engines can share the statements that mean the same on both.
 */
interface Compiled {
  /** The name its prepared statement goes by on each connection. */
  name: string;
  text: string;
  /** For each $n, the name it reads from the parameter object, or its position. */
  order: (string | number)[];
}

const compiled = new Map<string, Compiled>();

function compile(text: string): Compiled {
  let found = compiled.get(text);
  if (found) return found;
  const order: (string | number)[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  const out = text.replace(/'(?:[^']|'')*'|::|@([A-Za-z_]\w*)|\?/g, (match, name: string | undefined) => {
    if (match.startsWith("'") || match === '::') return match;
    if (name !== undefined) {
      let index = named.get(name);
      if (index === undefined) {
        order.push(name);
        index = order.length;
        named.set(name, index);
      }
      return `$${index}`;
    }
    order.push(positional++);
    return `$${order.length}`;
  });
  found = { name: `tutor_${compiled.size + 1}`, text: out, order };
  compiled.set(text, found);
  return found;
}

export type Params = readonly unknown[] | Record<string, unknown>;

export interface Queryable {
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

/** Runs one statement, prepared once per connection (parsed and planned once, not per call). */
export async function run<R extends pg.QueryResultRow = pg.QueryResultRow>(db: Queryable, text: string, params: Params = []): Promise<pg.QueryResult<R>> {
  const { name, text: sql, order } = compile(text);
  const values = order.map((key) => {
    const value = typeof key === 'number' ? (params as readonly unknown[])[key] : (params as Record<string, unknown>)[key];
    return value === undefined ? null : value;
  });
  return db.query<R>({ name, text: sql, values });
}

export async function rows<R extends pg.QueryResultRow>(db: Queryable, text: string, params: Params = []): Promise<R[]> {
  return (await run<R>(db, text, params)).rows;
}

export async function row<R extends pg.QueryResultRow>(db: Queryable, text: string, params: Params = []): Promise<R | undefined> {
  return (await run<R>(db, text, params)).rows[0];
}

/** 64-bit integers (counts, milliseconds) and numerics (sums) come back as JavaScript numbers: every value here is below 2^53. */
export const numberTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** A serialization failure or a deadlock: Postgres undid the transaction, and running it again is the remedy. */
export function retriedOnPostgres(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * One transaction on one pooled connection. Postgres may refuse a transaction under contention
 * (serialization failure, deadlock): nothing was written, so it runs again, a few times.
 */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (attempt < 4 && retriedOnPostgres(error)) continue;
      throw error;
    } finally {
      client.release();
    }
  }
}
