import { Catalogue } from '../content/catalogue.js';
import { hasErrors, loadContent } from '../content/load.js';
import { count } from '../content/problems.js';
import { contentReport } from '../content/report.js';
import { resolveLessonTopic } from '../content/resolve.js';
import { describeAppError } from '../discord/messages.js';
import { lessonPageView } from '../discord/views/lesson.js';
import { questionAsText, recallAsText, viewAsText } from './preview-text.js';

/** `npm run preview -- <lesson-id>`: a lesson as the bot lays it out, page by page, with its answer key. */
// Piping into `head` closes stdout early; that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const [topic] = process.argv.slice(2);
const content = await loadContent(process.env.CONTENT_DIR ?? 'content');
const catalogue = new Catalogue(content.lessons, content.tracks);
// A lesson that is valid itself can be read while another file is broken; the others are listed below it.
const asked = topic ? catalogue.resolve(topic) : undefined;
const ownErrors = content.problems.filter((problem) => problem.severity === 'error' && (!asked || isFileOf(problem.file, asked.id)));
if (hasErrors(content) && (!asked || ownErrors.length > 0)) {
  console.error(contentReport(asked ? ownErrors : content.problems));
  process.exit(1);
}
if (!topic) {
  console.error('Usage: npm run preview -- <lesson-id>\nLessons:');
  for (const lesson of catalogue.lessons()) console.error(`  ${lesson.id.padEnd(32)} ${lesson.title}`);
  process.exit(1);
}
const resolved = resolveLessonTopic(catalogue, topic);
if (!resolved.ok) {
  console.error(describeAppError(resolved.error).replaceAll('**', ''));
  process.exit(1);
}
const lesson = resolved.value;
const rule = (title: string) => `\n${'━'.repeat(8)} ${title} ${'━'.repeat(Math.max(8, 72 - title.length))}\n`;

lesson.sections.forEach((_, page) => {
  console.log(rule(`page ${page + 1} of ${lesson.sections.length}`));
  const view = lessonPageView({
    lesson,
    page,
    trackTitle: catalogue.track(lesson.track)?.title ?? lesson.track,
    relatedTitles: lesson.related.flatMap((id) => catalogue.lesson(id)?.title ?? []),
    // As a member who has read every page sees it.
    reading: { pagesSeen: lesson.sections.map((_, seen) => seen), completed: true, justCompleted: false },
  });
  console.log(viewAsText(view));
});
console.log(rule(`quiz: ${count(lesson.questions.length, 'question')}`));
console.log(lesson.questions.map((question, index) => questionAsText(question, index + 1)).join('\n\n'));
console.log(rule(count(lesson.recall.length, 'recall card')));
console.log(recallAsText(lesson));
const elsewhere = content.problems.filter((problem) => problem.severity === 'error');
if (elsewhere.length > 0) {
  console.log(rule('other files have errors'));
  console.log(`This lesson is fine, but the bot will not start until these are fixed:\n${contentReport(elsewhere)}`);
}

function isFileOf(file: string, lessonId: string): boolean {
  return file.replaceAll('\\', '/').endsWith(`/${lessonId}.yaml`);
}
