import Database from 'better-sqlite3';

/**
 * Another process holding the database's write lock: `BEGIN EXCLUSIVE`, then nothing until
 * `ms` have passed. Prints "locked" once it holds the lock and "released" after the commit.
 */
const [file, ms] = process.argv.slice(2) as [string, string];
const db = new Database(file);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN EXCLUSIVE');
console.log('locked');
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  console.log('released');
}, Number(ms));
