import { writeFileSync } from 'node:fs';
import { LocalDiscord } from '../../../src/playground/discord/index.js';

/**
 * A fake Discord for trying the bot by hand (as a production install would run it):
 * writes DISCORD_TOKEN and DISCORD_API_URL lines to the file given, then after each
 * `lesson` line on standard input sends a /lesson interaction and prints the reply's title.
 */
const [envFile] = process.argv.slice(2) as [string];
const fake = await LocalDiscord.start();
writeFileSync(envFile, `DISCORD_TOKEN=${fake.token}\nDISCORD_API_URL=${fake.apiUrl}\n`);
console.log(`fake Discord at ${fake.apiUrl}; wrote ${envFile}`);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  if (!text.includes('lesson')) return;
  const reply = fake.slash({ name: 'lesson', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] });
  void reply.response().then(() => console.log(`reply: ${reply.message()?.embeds[0]?.title ?? '(none)'}`));
});
process.once('SIGTERM', () => void fake.close().then(() => process.exit(0)));
