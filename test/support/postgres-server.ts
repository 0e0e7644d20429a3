import type { TestProject } from 'vitest/node';
import { startLocalPostgres } from '../../src/store/pg/local-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** One real PostgreSQL server for the whole run; each test database is a schema of its own on it (see engines.ts). */
export default async function startPostgres(project: TestProject) {
  const server = await startLocalPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
