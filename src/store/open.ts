import { PostgresStore, type PostgresOptions } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//.test(location);

/** The engine a location names: a postgres:// URL, or a SQLite file. */
export async function openStoreAt(location: string, options: PostgresOptions = {}): Promise<Store> {
  return isPostgresUrl(location) ? PostgresStore.open(location, options) : SqliteStore.open(location);
}
