import { once } from 'node:events';
import { createInflate, constants as zlibConstants } from 'node:zlib';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  REST,
  Routes,
  type Interaction,
} from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { LocalDiscord, type LocalDiscordOptions } from '../../src/playground/discord/index.js';

type Handler = (interaction: Interaction) => Promise<unknown>;

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  // Client first: destroying the fake first would make discord.js try to reconnect.
  while (cleanups.length) await cleanups.pop()!();
});

async function startFake(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
  const fake = await LocalDiscord.start(options);
  cleanups.push(() => fake.close());
  return fake;
}

/** A bare discord.js client, logged in to the fake, that runs `handler` for every interaction. */
async function startBot(fake: LocalDiscord, handler: Handler = async () => {}): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  const errors: unknown[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => errors.push(error));
  });
  cleanups.push(async () => {
    await client.destroy();
    if (errors.length) throw errors[0];
  });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return client;
}

function onChatInput(fn: (interaction: ChatInputCommandInteraction) => Promise<unknown>): Handler {
  return async (interaction) => {
    if (interaction.isChatInputCommand()) await fn(interaction);
  };
}

describe('LocalDiscord with a real discord.js Client', () => {
  test('login reaches clientReady with the bot user, guild and channel cached', async () => {
    const fake = await startFake();
    const client = await startBot(fake);

    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.channelId)?.name).toBe('general');
    const identify = await fake.waitForIdentify();
    expect(identify.tokenValid).toBe(true);
    expect(identify.intents).toBe(GatewayIntentBits.Guilds);
    expect(identify.compress).toBe(false);
    await fake.waitForReady();
    expect(fake.unexpectedRequests()).toEqual([]);
    expect(fake.requests.find((r) => r.route === '/gateway/bot')?.headers['authorization']).toBeUndefined();
  });

  test('a slash command reply is recorded as the interaction response', async () => {
    const fake = await startFake();
    let seen: { name: string; topic: string | null; inCachedGuild: boolean; userId: string } | undefined;
    await startBot(
      fake,
      onChatInput(async (interaction) => {
        seen = {
          name: interaction.commandName,
          topic: interaction.options.getString('topic'),
          inCachedGuild: interaction.inCachedGuild(),
          userId: interaction.user.id,
        };
        await interaction.reply({ content: 'hi' });
      }),
    );

    const handle = fake.slash({ name: 'learn', options: [{ name: 'topic', type: 3, value: 'oauth' }] });
    const response = await handle.response();

    expect(response.type).toBe(4);
    expect(response.data?.content).toBe('hi');
    expect(response.status).toBe(204);
    expect(seen).toEqual({ name: 'learn', topic: 'oauth', inCachedGuild: true, userId: fake.defaultUser.id });
    const message = handle.message();
    expect(message?.content).toBe('hi');
    expect(message?.channel_id).toBe(fake.channelId);
    expect(fake.messages({ channelId: fake.channelId }).map((m) => m.content)).toEqual(['hi']);
    const callback = fake.requests.find((r) => r.route?.endsWith('/callback'));
    expect(callback?.auth).toBe('none');
    expect(callback?.query).toEqual({ with_response: 'false' });
  });

  test('subcommands, DMs and distinct users reach the bot intact', async () => {
    const fake = await startFake();
    const seen: string[] = [];
    await startBot(
      fake,
      onChatInput(async (interaction) => {
        const where = interaction.inGuild() ? 'guild' : 'dm';
        seen.push(`${interaction.user.username}:${interaction.options.getSubcommand()}:${where}`);
        await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
      }),
    );

    const quiz = (user: string, guildId?: null) =>
      fake.slash({ name: 'quiz', user, guildId, options: [{ name: 'start', type: 1, options: [] }] });
    const [a, b] = [quiz('alice'), quiz('bob', null)];
    await Promise.all([a.response(), b.response()]);

    expect(seen.sort()).toEqual(['alice:start:guild', 'bob:start:dm']);
    expect(fake.user('bob').id).not.toBe(fake.user('alice').id);
    expect(a.message()?.flags).toBe(MessageFlags.Ephemeral);
    expect(BigInt(a.id)).toBeGreaterThan(0n);
    expect(a.id).toMatch(/^\d{17,19}$/);
  });

  test('deferReply then editReply completes the original message', async () => {
    const fake = await startFake();
    await startBot(
      fake,
      onChatInput(async (interaction) => {
        await interaction.deferReply();
        const edited = await interaction.editReply({ content: 'done thinking' });
        const fetched = await interaction.fetchReply();
        await interaction.followUp({ content: `edited ${edited.id === fetched.id}` });
      }),
    );

    const handle = fake.slash({ name: 'slow' });
    expect((await handle.response()).type).toBe(5);
    const edit = await handle.waitFor((a) => a.kind === 'webhook' && a.method === 'PATCH');
    expect(edit.kind === 'webhook' && edit.messageId).toBe('@original');
    await handle.waitFor((a) => a.kind === 'webhook' && a.method === 'POST');

    expect(handle.message()?.content).toBe('done thinking');
    expect(handle.message()?.flags).toBe(0);
    expect(handle.message()?.edited_timestamp).toBeNull();
    expect(handle.followUps().map((m) => m.content)).toEqual(['edited true']);
    expect(handle.webhooks().map((w) => `${w.method} ${w.messageId} ${w.status}`)).toEqual([
      'PATCH @original 200',
      'GET @original 200',
      'POST null 200',
    ]);
  });

  test('reply with withResponse gets the callback resource back', async () => {
    const fake = await startFake();
    let resourceContent: string | undefined;
    await startBot(
      fake,
      onChatInput(async (interaction) => {
        const response = await interaction.reply({ content: 'with body', withResponse: true });
        resourceContent = response.resource?.message?.content;
      }),
    );

    const handle = fake.slash({ name: 'x' });
    const response = await handle.response();
    await fake.waitForRequest((r) => r.query['with_response'] === 'true');

    expect(response.status).toBe(200);
    expect(response.withResponse).toBe(true);
    await expect.poll(() => resourceContent).toBe('with body');
  });

  test('a button on the bot message is clicked and answered with update()', async () => {
    const fake = await startFake();
    await startBot(fake, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('quiz:a').setLabel('A').setStyle(ButtonStyle.Primary),
        );
        await interaction.reply({ content: 'Question 1', components: [row] });
      } else if (interaction.isButton()) {
        await interaction.update({ content: `You picked ${interaction.customId}`, components: [] });
      }
    });

    const question = fake.slash({ name: 'quiz' });
    await question.response();
    expect(() => fake.button({ customId: 'quiz:zzz', message: question.message() })).toThrow(/available: quiz:a/);

    const click = fake.button({ customId: 'quiz:a', message: question.message(), user: 'alice' });
    const response = await click.response();

    expect(response.type).toBe(7);
    expect(response.data?.content).toBe('You picked quiz:a');
    expect(question.message()?.content).toBe('You picked quiz:a');
    expect(question.message()?.components).toEqual([]);
    expect(click.message()?.id).toBe(question.message()?.id);
  });

  test('select menus and modal submits carry their values', async () => {
    const fake = await startFake();
    await startBot(fake, async (interaction) => {
      if (interaction.isStringSelectMenu()) await interaction.reply({ content: interaction.values.join('+') });
      if (interaction.isModalSubmit()) {
        await interaction.reply({ content: `token=${interaction.fields.getTextInputValue('token')}` });
      }
    });

    const select = await fake.select({ customId: 'pick', values: ['a', 'b'] }).response();
    const modal = await fake.modalSubmit({ customId: 'inspect', fields: { token: 'eyJ' } }).response();

    expect(select.data?.content).toBe('a+b');
    expect(modal.data?.content).toBe('token=eyJ');
  });

  test('autocomplete is answered with respond()', async () => {
    const fake = await startFake();
    let focused: unknown;
    await startBot(fake, async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      focused = interaction.options.getFocused(true);
      await interaction.respond([{ name: 'OAuth 2.0', value: 'oauth' }]);
    });

    const response = await fake
      .autocomplete({ name: 'learn', options: [{ name: 'topic', type: 3, value: 'oa' }] })
      .response();

    expect(response.type).toBe(8);
    expect(response.data?.choices).toEqual([{ name: 'OAuth 2.0', value: 'oauth' }]);
    expect(focused).toMatchObject({ name: 'topic', value: 'oa', focused: true });
  });

  test('files arrive as multipart and become attachments', async () => {
    const fake = await startFake();
    await startBot(
      fake,
      onChatInput((interaction) =>
        interaction.reply({ content: 'report', files: [{ attachment: Buffer.from('hello'), name: 'notes.txt' }] }),
      ),
    );

    const handle = fake.slash({ name: 'export' });
    const response = await handle.response();

    expect(response.data?.content).toBe('report');
    expect(response.files.map((f) => [f.filename, f.data.toString()])).toEqual([['notes.txt', 'hello']]);
    expect(handle.message()?.attachments.map((a) => a.filename)).toEqual(['notes.txt']);
  });

  test('plain channel messages are posted, edited and visible in fake.messages()', async () => {
    const fake = await startFake();
    const client = await startBot(fake);
    const channel = client.channels.cache.get(fake.channelId);
    if (!channel?.isSendable()) throw new Error('expected a sendable channel');

    const sent = await channel.send({ content: 'Leaderboard: nobody yet' });
    await sent.edit({ content: 'Leaderboard: alice 3' });

    const seen = await fake.waitForMessage((m) => m.content.startsWith('Leaderboard: alice'));
    expect(seen.id).toBe(sent.id);
    expect(seen.edited_timestamp).not.toBeNull();
    expect(fake.messages({ channelId: fake.channelId })).toHaveLength(1);
  });

  test('heartbeats are acknowledged', async () => {
    const fake = await startFake({ heartbeatIntervalMs: 30 });
    const client = await startBot(fake);
    await expect.poll(() => client.ws.ping).toBeGreaterThanOrEqual(0);
  });

  test('after a dropped connection the client resumes and gets missed events replayed', async () => {
    const fake = await startFake();
    await startBot(fake, onChatInput((interaction) => interaction.reply({ content: 'still here' })));

    fake.disconnect(4000);
    // Dispatched while the bot is away: Discord keeps it for the RESUME replay.
    const handle = fake.slash({ name: 'ping' });
    await fake.waitForResume();

    expect((await handle.response()).data?.content).toBe('still here');
    expect(fake.identifies).toHaveLength(1);
  });

  test('bulk command overwrite via discord.js REST is stored and returned', async () => {
    const fake = await startFake();
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    const body = [
      { name: 'learn', description: 'Start a lesson', options: [{ name: 'topic', description: 'Topic', type: 3 }] },
      { name: 'quiz', description: 'Take a quiz' },
    ];

    const route = Routes.applicationGuildCommands(fake.applicationId, fake.guildId);
    const created = (await rest.put(route, { body })) as { id: string; name: string }[];
    const again = (await rest.put(route, { body })) as { id: string }[];
    const listed = (await rest.get(route)) as { id: string }[];

    expect(created.map((c) => c.name)).toEqual(['learn', 'quiz']);
    expect(created.every((c) => /^\d{17,19}$/.test(c.id))).toBe(true);
    expect(again.map((c) => c.id)).toEqual(created.map((c) => c.id));
    expect(listed).toEqual(fake.registeredCommands(fake.guildId));
    expect(fake.registeredCommands()).toEqual([]);
    await expect(rest.put(route, { body: [{ name: 'Bad Name', description: 'x' }] })).rejects.toThrow(
      /Command name is invalid/,
    );
  });

  test('a wrong token is refused: 401 on REST, close 4004 on identify', async () => {
    const fake = await startFake();
    const client = new Client({ intents: [], rest: { api: fake.apiUrl } });
    cleanups.push(() => client.destroy());
    await expect(client.login('not-the-token')).rejects.toThrow(/invalid token/i);
    expect(fake.requests.at(-1)).toMatchObject({ route: '/gateway/bot', status: 401, auth: 'invalid' });

    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    await once(ws, 'message');
    ws.send(JSON.stringify({ op: 2, d: { token: 'nope', intents: 0, properties: {} } }));
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4004);
    expect((await fake.waitForIdentify()).tokenValid).toBe(false);
  });

  test('zlib-stream compression is supported for clients that ask for it', async () => {
    const fake = await startFake();
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = createInflate();
    const payloads: { op: number; t: string | null }[] = [];
    let text = '';
    ws.on('message', (data: Buffer) => {
      // One zlib context per connection; each message ends with a sync flush marker.
      inflate.write(data);
      inflate.flush(zlibConstants.Z_SYNC_FLUSH);
    });
    inflate.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      try {
        payloads.push(JSON.parse(text) as { op: number; t: string | null });
        text = '';
      } catch {
        // Partial JSON: wait for the rest of the frame.
      }
    });
    await expect.poll(() => payloads.length).toBeGreaterThan(0);
    ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {} } }));
    await expect.poll(() => payloads.map((p) => p.t)).toEqual([null, 'READY', 'GUILD_CREATE']);
    ws.close(1000);
    await once(ws, 'close');
    inflate.destroy();
  });

  test('rateLimitNext answers 429 once and discord.js retries after Retry-After', async () => {
    const fake = await startFake();
    await startBot(fake, onChatInput((interaction) => interaction.reply({ content: 'eventually' })));

    fake.rateLimitNext('POST /interactions/', 0.05);
    const response = await fake.slash({ name: 'x' }).response();

    expect(response.data?.content).toBe('eventually');
    const statuses = fake.requests.filter((r) => r.route?.startsWith('/interactions/')).map((r) => r.status);
    expect(statuses).toEqual([429, 204]);
  });

  test('answers after the deadline are rejected like Discord does (10062)', async () => {
    const fake = await startFake({ interactionDeadlineMs: 50 });
    await startBot(
      fake,
      onChatInput(async (interaction) => {
        await new Promise((resolve) => setTimeout(resolve, 120));
        await interaction.reply({ content: 'too late' }).catch(() => undefined);
      }),
    );

    await expect(fake.slash({ name: 'slow' }).response()).rejects.toThrow(/past Discord's 50 ms deadline/);
  });

  test('response() fails with a readable error when the bot never answers', async () => {
    const fake = await startFake();
    await startBot(fake);

    await expect(
      fake.slash({ name: 'quiz', options: [{ name: 'start', type: 1 }] }).response({ timeoutMs: 100 }),
    ).rejects.toThrow(/did not answer \/quiz start .* within 100 ms/);
  });

  test('unknown routes are answered 404 and listed as unexpected', async () => {
    const fake = await startFake();
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
    await expect(rest.get('/guilds/1/audit-logs')).rejects.toThrow(/404: Not Found/);
    expect(fake.unexpectedRequests().map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual([
      'GET /guilds/1/audit-logs 404',
    ]);
  });

  test('client.destroy() then fake.close() leaves no sockets, servers or timers behind', async () => {
    const fake = await LocalDiscord.start();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    await fake.slash({ name: 'noop' }).response({ timeoutMs: 200 }).catch(() => undefined);

    await client.destroy();
    await fake.close();

    expect(await handlesAfterSettling()).toEqual([]);
  });
});

/** Open sockets, servers and timers once pending closes had a chance to finish. */
async function handlesAfterSettling(): Promise<string[]> {
  for (let attempt = 0; attempt < 50 && openHandles().length; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return openHandles();
}

function openHandles(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((name) => ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'].includes(name))
    .sort();
}
