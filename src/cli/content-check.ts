import { Catalogue } from '../content/catalogue.js';
import { hasErrors, loadContent } from '../content/load.js';
import { contentReport, inventory, inventoryTable } from '../content/report.js';

/** `npm run content:check [dir]`: every problem with file:line:col, an inventory, exit 1 on any error. */
const dir = process.argv[2] ?? process.env.CONTENT_DIR ?? 'content';
const content = await loadContent(dir);
if (hasErrors(content)) {
  console.error(contentReport(content.problems));
  process.exitCode = 1;
} else {
  const catalogue = new Catalogue(content.lessons, content.tracks);
  if (content.problems.length > 0) console.log(`${contentReport(content.problems)}\n`);
  console.log(`${inventoryTable(catalogue)}\n`);
  const verdict = content.problems.length > 0 ? 'No errors; see the warnings above.' : 'No errors, no warnings.';
  console.log(`${dir}: ${inventory(catalogue)} ${verdict}`);
}
