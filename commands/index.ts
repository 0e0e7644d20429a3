import type { CommandModule } from '../src/discord/command.js';
import * as config from './config.js';
import * as decode from './decode.js';
import * as decodeMessage from './decode-message.js';
import * as help from './help.js';
import * as leaderboard from './leaderboard.js';
import * as lesson from './lesson.js';
import * as lessons from './lessons.js';
import * as progress from './progress.js';
import * as quiz from './quiz.js';
import * as rank from './rank.js';
import * as reviewCommand from './review.js';

/** Every command the bot registers and answers. */
export const commands: readonly CommandModule[] = [lesson, lessons, quiz, reviewCommand, progress, leaderboard, rank, decode, decodeMessage, config, help];
