import type { Migration } from '../index.js';
import { schema } from './001-schema.js';
import { integerClaims } from './010-integer-claims.js';
import { rollupsByTheScoringWrite } from './011-rollups-by-the-scoring-write.js';
import { questionTallies } from './012-question-tallies.js';
import { answerWriter } from './013-answer-writer.js';
import { questionMisses } from './014-question-misses.js';
import { questionMissesByServer } from './015-question-misses-by-server.js';
import { lessonCountsByServer } from './016-lesson-counts-by-server.js';

/** Versions 2 to 9 happened on SQLite before Postgres was supported: 001 creates their result. */
const foldedIntoSchema = (version: number): Migration => ({ version, name: 'part of version 1 on Postgres', sql: '' });

/**
 * Postgres migrations, numbered as SQLite's (src/store/migrations): version N is the same
 * schema on both engines, so db:copy can move rows between databases of the same version.
 */
export const postgresMigrations: readonly Migration[] = [schema, ...[2, 3, 4, 5, 6, 7, 8, 9].map(foldedIntoSchema), integerClaims, rollupsByTheScoringWrite, questionTallies, answerWriter, questionMisses, questionMissesByServer, lessonCountsByServer];
