import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed } from 'discord.js';
import type { Lesson, Level, Source } from '../../content/schema.js';
import { encodeRoute } from '../ids.js';
import { truncate } from '../text.js';

export interface MessageView {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export const levelColours: Record<Level, number> = { junior: 0x57f287, middle: 0x5865f2, senior: 0xeb459e };

export interface LessonPageInput {
  lesson: Lesson;
  /** Counting from 0; already clamped to the lesson's pages. */
  page: number;
  trackTitle: string;
  relatedTitles: readonly string[];
}

export function lessonPageView({ lesson, page, trackTitle, relatedTitles }: LessonPageInput): MessageView {
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
  if (page === 0 && pageCount > 1) embed.fields = [{ name: 'In this lesson', value: lesson.summary }];
  if (isLast) embed.fields = lastPageFields(lesson, relatedTitles);

  return { embeds: [embed], components: lessonControls(lesson, page) };
}

function lastPageFields(lesson: Lesson, relatedTitles: readonly string[]): NonNullable<APIEmbed['fields']> {
  const next =
    lesson.questions.length > 0
      ? `You have reached the end. Press **Start quiz** to see what stuck (${lesson.questions.length} questions).`
      : 'You have reached the end of this lesson.';
  const fields = [{ name: '✅ Lesson complete', value: next }];
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
