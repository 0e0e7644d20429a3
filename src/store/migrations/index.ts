import { initial } from './001-initial.js';
import { furthestPage } from './002-furthest-page.js';
import { quizzes } from './003-quizzes.js';
import { leaderboards } from './004-leaderboards.js';
import { reviews } from './005-reviews.js';
import { fairPlay } from './006-fair-play.js';
import { pagesSeen } from './007-pages-seen.js';
import { leaderboardRollups } from './008-leaderboard-rollups.js';
import { cooldowns } from './009-cooldowns.js';
import { integerClaims } from './010-integer-claims.js';
import { rollupsByTheScoringWrite } from './011-rollups-by-the-scoring-write.js';
import { questionTallies } from './012-question-tallies.js';
import { postgresAnswerWriter } from './013-postgres-answer-writer.js';
import { questionMissesAndSessionsByServer } from './014-question-misses-and-sessions-by-server.js';
import { questionMissesByServer } from './015-question-misses-by-server.js';
import { lessonCountsByServer } from './016-lesson-counts-by-server.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** In order; a migration, once released, never changes: add a new one instead. */
export const migrations: readonly Migration[] = [initial, furthestPage, quizzes, leaderboards, reviews, fairPlay, pagesSeen, leaderboardRollups, cooldowns, integerClaims, rollupsByTheScoringWrite, questionTallies, postgresAnswerWriter, questionMissesAndSessionsByServer, questionMissesByServer, lessonCountsByServer];
