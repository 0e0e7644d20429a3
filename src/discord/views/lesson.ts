import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed } from 'discord.js';
import type { Lesson, Level, Source } from '../../content/schema.js';
import { encodeRoute } from '../ids.js';
import { truncate } from '../text.js';

export interface MessageView {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export const levelColours: Record<Level, number> = { junior: 0x57f287, middle: 0x5865f2, senior: 0xeb459e };

/** What the reader has seen of the lesson, this page included. */
export interface Reading {
  pagesSeen: readonly number[];
  completed: boolean;
  /** This page was the last one the reader had not seen. */
  justCompleted: boolean;
}

export interface LessonPageInput {
  lesson: Lesson;
  /** Counting from 0; already clamped to the lesson's pages. */
  page: number;
  trackTitle: string;
  relatedTitles: readonly string[];
  reading: Reading;
}

export function lessonPageView({ lesson, page, trackTitle, relatedTitles, reading }: LessonPageInput): MessageView {
  const section = lesson.sections[page];
  if (!section) throw new RangeError(`lesson ${lesson.id} has no page ${page}`);
  const pageCount = lesson.sections.length;
  const isLast = page === pageCount - 1;

  const embed: APIEmbed = {
    author: { name: lesson.title },
    title: section.title,
    description: section.body,
    color: levelColours[lesson.level],
    footer: { text: `${trackTitle} · ${lesson.level} · page ${page + 1} of ${pageCount}` },
  };
  if (isLast) embed.fields = lastPageFields(lesson, relatedTitles, reading);
  else if (reading.justCompleted) embed.fields = [completeField(lesson, 'That was the last page you had not read.')];

  // The first page leads with what the lesson is about, above its first section, as a reader expects.
  if (page === 0 && pageCount > 1) {
    const intro: APIEmbed = { author: { name: lesson.title }, title: 'In this lesson', description: lesson.summary, color: levelColours[lesson.level] };
    return { embeds: [intro, { ...embed, author: undefined }], components: lessonControls(lesson, page) };
  }
  return { embeds: [embed], components: lessonControls(lesson, page) };
}

type Field = NonNullable<APIEmbed['fields']>[number];

function completeField(lesson: Lesson, opening: string): Field {
  const next = lesson.questions.length > 0 ? ` Press **Start quiz** to see what stuck (${lesson.questions.length} questions).` : '';
  return { name: '✅ Lesson complete', value: `${opening}${next}` };
}

/** The end of the lesson, but pages were skipped: say which, and how else to complete it. */
function pagesMissingField(lesson: Lesson, reading: Reading): Field {
  const seen = new Set(reading.pagesSeen);
  const missing = lesson.sections.flatMap((section, page) => (seen.has(page) ? [] : [`${page + 1}. ${section.title}`]));
  const pageCount = lesson.sections.length;
  const quiz = lesson.questions.length > 0 ? ', or get at least half of the quiz right with **Start quiz**' : '';
  const how = `Read ${missing.length === 1 ? 'it' : 'them'} (**Jump to a section** or **Previous**) to complete the lesson${quiz}.`;
  const list = truncate(`Not read yet: ${missing.join(' · ')}`, 1024 - how.length - 1);
  return { name: `📖 You have read ${pageCount - missing.length} of ${pageCount} pages`, value: `${list}\n${how}` };
}

function lastPageFields(lesson: Lesson, relatedTitles: readonly string[], reading: Reading): NonNullable<APIEmbed['fields']> {
  const fields = [reading.completed ? completeField(lesson, 'You have reached the end.') : pagesMissingField(lesson, reading)];
  if (relatedTitles.length > 0) {
    fields.push({ name: 'Related lessons', value: truncate(relatedTitles.map((title) => `• ${title}`).join('\n'), 1024) });
  }
  if (lesson.sources.length > 0) fields.push({ name: 'Further reading', value: furtherReading(lesson.sources) });
  return fields;
}

/** Whole entries only: a link cut in half would be a broken link. */
function furtherReading(sources: readonly Source[]): string {
  const lines: string[] = [];
  let length = 0;
  for (const source of sources) {
    const line = `• [${escapeLinkText(source.title)}](${source.url.replaceAll('(', '%28').replaceAll(')', '%29')})`;
    if (length + line.length + 1 > 1024) break;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

function escapeLinkText(title: string): string {
  return title.replace(/[[\]\\]/g, (character) => `\\${character}`);
}

function lessonControls(lesson: Lesson, page: number): MessageView['components'] {
  const last = lesson.sections.length - 1;
  const buttons: APIComponentInMessageActionRow[] = [];
  // With one page, Previous and Next would share a custom_id, which Discord rejects.
  if (last > 0) {
    buttons.push(
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Previous',
        emoji: { name: '◀️' },
        custom_id: encodeRoute({ kind: 'lesson.page', lessonId: lesson.id, page: Math.max(page - 1, 0) }),
        disabled: page === 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'Next',
        emoji: { name: '▶️' },
        custom_id: encodeRoute({ kind: 'lesson.page', lessonId: lesson.id, page: Math.min(page + 1, last) }),
        disabled: page === last,
      },
    );
  }
  if (lesson.questions.length > 0) {
    buttons.push({
      type: ComponentType.Button,
      style: page === last ? ButtonStyle.Success : ButtonStyle.Secondary,
      label: 'Start quiz',
      emoji: { name: '📝' },
      custom_id: encodeRoute({ kind: 'quiz.practice', lessonId: lesson.id }),
    });
  }
  const rows: MessageView['components'] = [];
  if (buttons.length > 0) rows.push({ type: ComponentType.ActionRow, components: buttons });
  if (lesson.sections.length >= 3) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: encodeRoute({ kind: 'lesson.jump', lessonId: lesson.id }),
          placeholder: 'Jump to a section…',
          options: lesson.sections.slice(0, 25).map((section, index) => ({
            label: truncate(`${index + 1}. ${section.title}`, 100),
            value: String(index),
            default: index === page,
          })),
        },
      ],
    });
  }
  return rows;
}
