import { openStoreAt } from '../../src/store/open.js';
import { seededPermutation } from '../../src/quiz/shuffle.js';

/**
 * A second process (a second shard) answering the same questions for the same users as the
 * others, in its own order, against the same database (a SQLite file or a Postgres URL). Prints how many it recorded.
 */
const [location, sessionId, seed, users, questions] = process.argv.slice(2) as [string, string, string, string, string];
const store = await openStoreAt(location);
const attempts = Number(users) * Number(questions);
let recorded = 0;
for (const attempt of seededPermutation(attempts, seed)) {
  const userId = `user-${attempt % Number(users)}`;
  const questionIndex = Math.floor(attempt / Number(users));
  // Only the first question is open: attempts for the others must be refused as closed.
  const outcome = await store.quizzes.recordAnswer(
    { sessionId, questionIndex, userId, displayName: userId, response: { type: 'truefalse', value: true }, at: new Date() },
    () => ({ credit: 1, correct: true, points: 100, elapsedMs: 10, streakAfter: 1 }),
  );
  if (outcome.status === 'recorded') recorded += 1;
}
await store.close();
console.log(recorded);
