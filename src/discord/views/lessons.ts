import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type { Lesson, Level, Track } from '../../content/schema.js';
import type { LessonProgress } from '../../store/store.js';
import { encodeRoute } from '../ids.js';
import type { MessageView } from './lesson.js';

export interface LessonsListInput {
  lessons: readonly Lesson[];
  tracks: readonly Track[];
  progress: readonly LessonProgress[];
  filter: { track?: string; level?: Level };
  page: number;
}

/** Lessons a page: small enough to read on a phone, far below the 4096-character description. */
export const lessonsPerPage = 15;

export function lessonsListView({ lessons, tracks, progress, filter, page }: LessonsListInput): MessageView {
  const progressById = new Map(progress.map((entry) => [entry.lessonId, entry]));
  const pageCount = Math.max(1, Math.ceil(lessons.length / lessonsPerPage));
  const current = Math.min(Math.max(page, 0), pageCount - 1);
  const shown = lessons.slice(current * lessonsPerPage, (current + 1) * lessonsPerPage);
  const completed = lessons.filter((lesson) => progressById.get(lesson.id)?.completedAt).length;

  const lines: string[] = [];
  let lastTrack: string | undefined;
  for (const lesson of shown) {
    if (lesson.track !== lastTrack) {
      if (lastTrack !== undefined) lines.push('');
      lines.push(`**${tracks.find((track) => track.id === lesson.track)?.title ?? lesson.track}**`);
      lastTrack = lesson.track;
    }
    lines.push(`${statusMark(lesson, progressById.get(lesson.id))} ${lesson.title} · *${lesson.level}*`);
  }

  const scope = [filter.track && tracks.find((track) => track.id === filter.track)?.title, filter.level]
    .filter(Boolean)
    .join(', ');
  const embed: APIEmbed = {
    title: scope ? `Lessons: ${scope}` : 'Lessons',
    description: lines.length > 0 ? lines.join('\n') : 'No lesson matches that filter yet.',
    color: 0x5865f2,
    footer: {
      text: `You have completed ${completed} of ${lessons.length} · ✅ done 📖 started ▫️ new · page ${current + 1} of ${pageCount}`,
    },
  };
  if (lines.length > 0) embed.fields = [{ name: 'Start one', value: 'Pick it in the menu below, or use `/lesson topic:`.' }];

  const route = (target: number) =>
    encodeRoute({ kind: 'lessons.page', track: filter.track ?? '*', level: filter.level ?? '*', page: target });
  const menu: MessageView['components'] =
    shown.length > 0
      ? [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.StringSelect,
                custom_id: encodeRoute({ kind: 'lessons.open' }),
                placeholder: 'Open a lesson',
                options: shown.map((lesson) => ({
                  label: lesson.title,
                  value: lesson.id,
                  description: `${tracks.find((track) => track.id === lesson.track)?.title ?? lesson.track} · ${lesson.level}`,
                })),
              },
            ],
          },
        ]
      : [];
  const paging: MessageView['components'] =
    pageCount > 1
      ? [
          {
            type: ComponentType.ActionRow,
            components: [
              { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Previous', custom_id: route(Math.max(current - 1, 0)), disabled: current === 0 },
              { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next', custom_id: route(Math.min(current + 1, pageCount - 1)), disabled: current === pageCount - 1 },
            ],
          },
        ]
      : [];
  return { embeds: [embed], components: [...menu, ...paging] };
}

function statusMark(lesson: Lesson, progress: LessonProgress | undefined): string {
  if (progress?.completedAt) return '✅';
  if (progress) return `📖 (${progress.pagesSeen.filter((page) => page < lesson.sections.length).length}/${lesson.sections.length})`;
  return '▫️';
}
