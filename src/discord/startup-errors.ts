import { DiscordAPIError } from 'discord.js';

/** Start-up and deploy failures as one line a server owner can act on, never a stack trace. */
export function describeStartupFailure(error: unknown, apiUrl: string): string {
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
  if (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'UND_ERR_CONNECT_TIMEOUT') {
    return `Could not reach Discord at ${apiUrl} (${String(cause)}). Check your network, or DISCORD_API_URL if you set it.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `The bot could not start: ${message}`;
}
