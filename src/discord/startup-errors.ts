import { DiscordAPIError } from 'discord.js';
import { DeadlineError, StartupError } from '../ops/startup.js';

/** `start`: `npm start`; `deploy`: `npm run deploy`. The fallback line names the one that failed. */
export type FailingStep = 'start' | 'deploy';

/** Start-up and deploy failures as one line a server owner can act on, never a stack trace. */
export function describeStartupFailure(error: unknown, apiUrl: string, step: FailingStep = 'start'): string {
  if (error instanceof StartupError) return error.message;
  if (error instanceof DeadlineError && error.what === 'Discord gateway') {
    return `Discord's gateway did not say the bot was ready within ${Math.round(error.ms / 1000)} s (the REST API at ${apiUrl} answered). Discord may be having trouble (https://discordstatus.com); try again in a few minutes.`;
  }
  if (error instanceof DeadlineError || (error instanceof Error && error.name === 'AbortError')) {
    const seconds = error instanceof DeadlineError ? Math.round(error.ms / 1000) : undefined;
    return `Discord at ${apiUrl} accepted the connection but did not answer${seconds === undefined ? '' : ` within ${seconds} s`}. Discord may be having trouble (https://discordstatus.com); check your network or proxy, or DISCORD_API_URL if you set it, then try again.`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'TokenInvalid' || (error instanceof DiscordAPIError && error.status === 401)) {
    return 'Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and paste the new one into .env.';
  }
  if (code === 'DisallowedIntents') {
    return 'Discord refused an intent this bot asked for. Enable it in the Developer Portal (Bot → Privileged Gateway Intents).';
  }
  if (error instanceof DiscordAPIError && error.status === 403) {
    return `Discord refused the request (403): ${error.message}. Check that the bot was invited to the server with the applications.commands scope.`;
  }
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code ?? code;
  if (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'UND_ERR_CONNECT_TIMEOUT' || cause === 'ECONNRESET' || cause === 'EAI_AGAIN') {
    return `Could not reach Discord at ${apiUrl} (${String(cause)}). Check your network, or DISCORD_API_URL if you set it.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return step === 'deploy' ? `The commands could not be deployed: ${firstLine(message)}` : `The bot could not start: ${firstLine(message)}`;
}

const firstLine = (text: string) => text.split('\n', 1)[0] ?? '';
