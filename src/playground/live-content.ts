import { watch, type FSWatcher } from 'node:fs';
import { Catalogue } from '../content/catalogue.js';
import type { CatalogueHolder } from '../content/catalogue-holder.js';
import { hasErrors, loadContent } from '../content/load.js';
import { errorsFirst, formatProblem } from '../content/problems.js';
import { contentReport } from '../content/report.js';
import type { Logger } from '../log.js';

export interface ContentState {
  problems: string[];
  lessons: number;
  reloadedAt: string;
}

/** Saves come in bursts (an editor writes, renames, touches): one reload after the burst. */
const settleMs = 150;

/**
 * Live reload for authors: on every change under the content folder the lessons are loaded and
 * validated again; a clean load is swapped into the holder at once, a broken one is reported
 * (terminal and pages, file:line:col) and the last good catalogue keeps serving.
 */
export class LiveContent {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private state: ContentState;

  constructor(
    private readonly contentDir: string,
    private readonly holder: CatalogueHolder,
    private readonly log: Logger,
    private readonly onReload: (state: ContentState) => void,
    initialProblems: string[],
  ) {
    this.state = { problems: initialProblems, lessons: holder.current.size, reloadedAt: new Date().toISOString() };
  }

  get current(): ContentState {
    return this.state;
  }

  start(): void {
    this.watcher = watch(this.contentDir, { recursive: true }, () => this.schedule());
    this.watcher.on('error', (error) => this.log.warn({ err: error }, 'watching the content folder failed; restart the playground to reload lessons'));
  }

  /** Reloads now; resolves once the new lessons serve, or the problems are reported. */
  reload(): Promise<void> {
    this.running = this.running.then(() => this.load()).catch((error: unknown) => this.log.error({ err: error }, 'reloading the lessons failed'));
    return this.running;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), settleMs);
    this.timer.unref();
  }

  private async load(): Promise<void> {
    const content = await loadContent(this.contentDir);
    const problems = errorsFirst(content.problems).map(formatProblem);
    if (hasErrors(content)) {
      console.error(`Lessons in ${this.contentDir} have problems; the last good lessons keep serving until they are fixed:\n${contentReport(content.problems)}`);
    } else {
      this.holder.swap(new Catalogue(content.lessons, content.tracks));
      console.log(`Reloaded ${this.holder.current.size} lessons from ${this.contentDir}${problems.length ? ` (${problems.length} warnings)` : ''}.`);
    }
    this.state = { problems, lessons: this.holder.current.size, reloadedAt: new Date().toISOString() };
    this.onReload(this.state);
  }
}
