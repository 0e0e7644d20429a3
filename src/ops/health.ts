import { Status, type Client } from 'discord.js';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { describeSqliteError } from './database.js';

export interface HealthCheck {
  name: 'gateway' | 'database';
  ok: boolean;
  detail: string;
}

export interface Health {
  ok: boolean;
  checks: HealthCheck[];
}

export const overallHealth = (checks: HealthCheck[]): Health => ({ ok: checks.every((check) => check.ok), checks });

/** Connected means every shard of this process is ready (not connecting, resuming or closed). */
export function gatewayCheck(client: Pick<Client, 'ws'> | undefined): HealthCheck {
  const shards = client ? [...client.ws.shards.values()] : [];
  if (shards.length === 0) return { name: 'gateway', ok: false, detail: 'not connected to the Discord gateway' };
  const waiting = shards.filter((shard) => shard.status !== Status.Ready);
  if (waiting.length === 0) return { name: 'gateway', ok: true, detail: 'connected' };
  const states = waiting.map((shard) => `shard ${shard.id} ${Status[shard.status]?.toLowerCase() ?? shard.status}`);
  return { name: 'gateway', ok: false, detail: `not connected to the Discord gateway (${states.join(', ')})` };
}

/**
 * Writable means a write transaction can be begun right now on the database file: the file
 * and its folder can be written and no other connection has held the write lock for longer
 * than `waitMs`. Probed on its own connection, so it never waits behind the bot's own work.
 */
/**
 * Postgres answers asynchronously and /healthz is answered at once: a round trip on the
 * store's pool every few seconds, and the last answer reported.
 */
export class PostgresProbe {
  private last: HealthCheck = { name: 'database', ok: false, detail: 'not probed yet' };
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    intervalMs = 5_000,
  ) {
    void this.probe();
    this.timer = setInterval(() => void this.probe(), intervalMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
      this.last = { name: 'database', ok: true, detail: 'postgres answering' };
    } catch (error) {
      this.last = { name: 'database', ok: false, detail: `postgres not answering (${(error as Error).message})` };
    }
  }

  check(): HealthCheck {
    return this.last;
  }

  close(): void {
    clearInterval(this.timer);
  }
}

export class DatabaseProbe {
  private db: Database.Database | undefined;

  constructor(
    private readonly file: string,
    private readonly waitMs = 200,
  ) {}

  check(): HealthCheck {
    try {
      this.db ??= new Database(this.file, { fileMustExist: true, timeout: this.waitMs });
      if (this.db.readonly) return { name: 'database', ok: false, detail: 'database is read-only' };
      this.db.exec('BEGIN IMMEDIATE');
      this.db.exec('ROLLBACK');
      return { name: 'database', ok: true, detail: 'writable' };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
        return { name: 'database', ok: false, detail: `database locked for writing by another connection for over ${this.waitMs} ms` };
      }
      this.close();
      return { name: 'database', ok: false, detail: `database not writable (${describeSqliteError(error)})` };
    }
  }

  close(): void {
    try {
      this.db?.close();
    } catch {
      // already closed
    }
    this.db = undefined;
  }
}
