import type { AppError } from '../errors.js';
import type { RouteError } from './ids.js';

/** The one table that turns error codes into the words a member reads. */
export function describeAppError(error: AppError): string {
  const { context } = error;
  switch (error.code) {
    case 'lesson.unknown': {
      const suggestions = context.suggestions ?? [];
      const asked = `I have no lesson called “${clip(context.query ?? '', 80)}”.`;
      if (suggestions.length === 0) return `${asked} Try \`/lessons\` to see them all.`;
      return `${asked} Did you mean:\n${suggestions.map((lesson) => `• **${lesson.title}** (\`${lesson.id}\`)`).join('\n')}`;
    }
    case 'lesson.gone':
      return 'That lesson is no longer available here. Try `/lessons` to see what is.';
    case 'track.unknown':
      return `There is no track called “${clip(context.query ?? '', 80)}”. Tracks: ${(context.trackTitles ?? []).join(', ')}.`;
    case 'guild.only':
      return 'I teach inside servers: use my commands in a server that has added me.';
    case 'config.not-moderator':
      return 'Only members with the Manage Server permission can change my settings.';
    case 'channel.not-allowed':
      return `On this server, ${context.what ?? 'that'} happens in ${(context.channelIds ?? []).map((id) => `<#${id}>`).join(', ')}. Try there!`;
    case 'board.no-season':
      return `There is no archived season ${context.season ?? ''} on this server yet. \`/leaderboard period:season\` shows the current one.`;
    case 'component.unreadable':
      return 'That button is out of date. Run the command again to get fresh ones.';
    case 'quiz.ended':
      return 'This quiz has ended. Start a new one with `/quiz practice` or `/quiz start`.';
    case 'quiz.not-yours':
      return 'That is someone else’s practice run. Start your own with `/quiz practice`.';
    case 'quiz.no-questions':
      return 'That lesson has no quiz questions yet.';
    case 'quiz.busy':
      return `A quiz is already running in this channel${context.url ? `: ${context.url}` : ''}. One at a time per channel.`;
    case 'quiz.not-host':
      return 'Only the quiz host or a moderator can do that.';
    case 'quiz.none-running':
      return 'No quiz is running in this channel.';
    case 'quiz.nobody-joined':
      return 'Nobody has joined yet. Wait for players, or Cancel.';
    case 'quiz.question-closed':
      return 'Time is up for that question: answers are closed.';
    case 'quiz.bot-missing-permissions':
      return `I can't run a competition in this channel: I need ${(context.permissions ?? []).map((name) => `**${name}**`).join(', ')} here. A moderator can grant it in the channel's settings.`;
    case 'quiz.needs-team':
      return 'This is a team game: press **Join Team Red** or **Join Team Blue**.';
    case 'quiz.already-started':
      return context.teams
        ? 'This quiz has already started, and teams are fixed at the start. Join the next one!'
        : 'This quiz has already started: answer the current question to join in.';
    case 'quiz.not-finished':
      return 'The review opens when the quiz has finished, so nobody sees the answers early.';
    case 'quiz.did-not-play':
      return 'You did not play in this quiz, so there is nothing to review. Join the next one!';
    case 'lessons.level-unknown':
      return `There is no level called “${clip(context.query ?? '', 40)}”. Levels: ${(context.levels ?? []).join(', ')}.`;
    case 'cooldown.active': {
      const seconds = Math.ceil((context.until?.getTime() ?? 0) / 1000);
      return `You used ${context.what ?? 'that'} a moment ago. You can use it again <t:${seconds}:R>.`;
    }
    case 'store.busy':
      return 'I am busy for a moment (my database is locked) and nothing was changed. Try again in a few seconds.';
  }
}

export function describeRouteError(error: RouteError): string {
  return error === 'old-version'
    ? 'That button comes from an older version of the bot. Run the command again to get fresh ones.'
    : 'That button is not one I can read. Run the command again to get fresh ones.';
}

export const unexpectedFailure = (interactionId: string) =>
  `Something went wrong on my side and nothing was changed. If it keeps happening, tell the server's moderators (reference \`${interactionId}\`).`;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text).replace(/[`*_~|<>@]/g, '');
