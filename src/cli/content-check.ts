import { Catalogue } from '../content/catalogue.js';
import { hasErrors, loadContent } from '../content/load.js';
import { contentReport, inventory } from '../content/report.js';

/** `npm run content:check [dir]`: every problem with file:line:col, exit 1 on any error. */
const dir = process.argv[2] ?? process.env.CONTENT_DIR ?? 'content';
const content = await loadContent(dir);
if (hasErrors(content)) {
  console.error(contentReport(content.problems));
  process.exitCode = 1;
} else {
  if (content.problems.length > 0) console.log(contentReport(content.problems));
  console.log(`${dir}: ${inventory(new Catalogue(content.lessons, content.tracks))} No errors.`);
}
