import type { APIMessage } from 'discord.js';
import type { PlaygroundMessage, PreviewMessage } from '../../../src/playground/protocol.js';
import type { ViewContext } from './context.js';
import { append, clear, h } from './dom.js';
import { renderMessage } from './messages.js';

/**
 * For authors: pick a lesson and see every page, question and recall card as the bot's own
 * views draw them. Buttons here are pictures: clicking them sends nothing.
 */
export class PreviewPanel {
  readonly element = h('section', { class: 'preview-panel', attrs: { 'aria-label': 'Lesson preview' } });
  private readonly picker = h('select', { class: 'preview-picker', attrs: { 'aria-label': 'Lesson to preview' } });
  private readonly body = h('div', { class: 'preview-body' });
  private readonly readOnly: ViewContext;

  constructor(private readonly context: ViewContext) {
    this.readOnly = { ...context, act: () => '', openMessageMenu: () => undefined };
    this.picker.addEventListener('change', () => this.show(this.picker.value));
    this.element.append(h('header', { class: 'preview-header' }, h('h2', {}, 'Lesson preview'), this.picker), this.body);
  }

  /** Refills the picker from the lesson index; keeps the shown lesson and redraws it (content may have changed). */
  refresh(): void {
    const index = this.context.state.snapshot?.lessonIndex ?? [];
    const current = this.picker.value;
    clear(this.picker);
    this.picker.append(h('option', { attrs: { value: '' } }, `Pick one of ${index.length} lessons…`));
    const tracks = new Map<string, typeof index>();
    for (const lesson of index) tracks.set(lesson.track, [...(tracks.get(lesson.track) ?? []), lesson]);
    for (const [track, lessons] of tracks) {
      this.picker.append(h('optgroup', { attrs: { label: track } }, lessons.map((lesson) => h('option', { attrs: { value: lesson.id } }, `${lesson.title} (${lesson.level})`))));
    }
    if (current && index.some((lesson) => lesson.id === current)) {
      this.picker.value = current;
      this.show(current);
    }
  }

  show(lessonId: string): void {
    clear(this.body);
    if (!lessonId) return;
    this.body.append(h('div', { class: 'preview-loading' }, 'Loading…'));
    const requestId = this.context.act({ type: 'preview', lessonId });
    this.context.state.previewWaiters.set(requestId, (answer) => {
      clear(this.body);
      if ('error' in answer) {
        this.body.append(h('div', { class: 'preview-error', attrs: { role: 'alert' } }, answer.error));
        return;
      }
      const { preview } = answer;
      append(this.body, [
        h('h3', {}, preview.title),
        this.section('Pages', preview.pages),
        this.section('Questions', preview.questions),
        this.section('Recall cards', preview.recallCards),
      ]);
    });
  }

  private section(title: string, messages: PreviewMessage[]): HTMLElement {
    const bot = this.context.state.snapshot?.bot;
    return h(
      'div',
      { class: 'preview-section', data: { section: title } },
      h('h4', {}, `${title} (${messages.length})`),
      messages.map((preview, index) => {
        const entry: PlaygroundMessage = {
          message: { id: `preview-${title}-${index}`, channel_id: '', author: bot, timestamp: new Date().toISOString(), attachments: [], ...preview } as unknown as APIMessage,
          visibleTo: null,
          loading: false,
        };
        return h('div', { class: 'preview-item' }, h('div', { class: 'preview-label' }, `${title.replace(/s$/, '')} ${index + 1}`), renderMessage(entry, this.readOnly));
      }),
    );
  }
}
