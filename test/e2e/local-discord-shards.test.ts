import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, MessageFlags, REST, Routes } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { LocalDiscord, owningShard, type LocalDiscordOptions } from '../../src/playground/discord/index.js';
import { guildIdOnShard } from '../support/shards.js';

/**
 * The local Discord shards like Discord (Gateway → Sharding): GET /gateway/bot recommends a
 * count, IDENTIFY's `shard: [id, count]` is checked (4010 invalid shard, 4011 sharding
 * required), and each guild's events reach only the sessions of the shard that owns it.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startFake(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
  const fake = await LocalDiscord.start(options);
  cleanups.push(() => fake.close());
  return fake;
}

/** A bare discord.js client running shard `id` of `count`, answering every slash command with its shard id. */
async function startShard(fake: LocalDiscord, id: number, count: number): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, shards: [id], shardCount: count });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void interaction.reply({ content: `shard ${id}`, flags: MessageFlags.Ephemeral });
  });
  cleanups.push(() => client.destroy());
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return client;
}

/** IDENTIFY on a raw socket; resolves with the close code, or 'ready' when READY arrives. */
async function identifyRaw(fake: LocalDiscord, shard: unknown): Promise<number | 'ready'> {
  const socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
  cleanups.push(async () => socket.terminate());
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', (code) => resolve(code));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { op: number; t: string | null };
      if (message.op === 10) socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {}, shard } }));
      if (message.t === 'READY') resolve('ready');
    });
  });
}

describe('the local Discord shards like Discord', () => {
  test('GIVEN shards: 3 and max concurrency 4 THEN GET /gateway/bot recommends 3 shards and says 4 may identify at once', async () => {
    const fake = await startFake({ shards: 3, maxConcurrency: 4 });
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    const body = (await rest.get(Routes.gatewayBot())) as { shards: number; session_start_limit: { max_concurrency: number } };
    expect(body.shards).toBe(3);
    expect(body.session_start_limit.max_concurrency).toBe(4);
  });

  test.each([
    { shard: [2, 2], why: 'an id equal to the count' },
    { shard: [-1, 2], why: 'a negative id' },
    { shard: [0, 0], why: 'no shards at all' },
    { shard: [1], why: 'no count' },
    { shard: [0.5, 2], why: 'a fractional id' },
    { shard: '0,2', why: 'a string' },
  ])('GIVEN IDENTIFY with shard $shard ($why) THEN the gateway closes with 4010 Invalid shard', async ({ shard }) => {
    const fake = await startFake();
    expect(await identifyRaw(fake, shard)).toBe(4010);
  });

  test('GIVEN more guilds than one session may hold THEN an unsharded IDENTIFY is closed with 4011 and two shards are accepted', async () => {
    const fake = await startFake({ guildsPerShard: 1, guilds: [{ id: guildIdOnShard(0, 2) }, { id: guildIdOnShard(1, 2) }] });
    expect(await identifyRaw(fake, undefined)).toBe(4011);
    expect(await identifyRaw(fake, [0, 1])).toBe(4011);
    expect(await identifyRaw(fake, [0, 2])).toBe('ready');
    expect(await identifyRaw(fake, [1, 2])).toBe('ready');
  });

  test('GIVEN guilds on two shards THEN each shard caches only its own guilds and answers only their commands; DMs go to shard 0', async () => {
    const onZero = guildIdOnShard(0, 2);
    const onOne = guildIdOnShard(1, 2);
    expect([owningShard(onZero, 2), owningShard(onOne, 2)]).toEqual([0, 1]);
    const fake = await startFake({ shards: 2, guilds: [{ id: onZero }, { id: onOne }] });
    const [zero, one] = [await startShard(fake, 0, 2), await startShard(fake, 1, 2)];

    expect([...zero.guilds.cache.keys()]).toEqual([onZero]);
    expect([...one.guilds.cache.keys()]).toEqual([onOne]);
    expect(fake.identifies.map((identify) => identify.shard)).toEqual([[0, 2], [1, 2]]);

    const inZero = fake.slash({ name: 'ping', guildId: onZero, channelId: fake.guild(onZero).channels[0]!.id });
    const inOne = fake.slash({ name: 'ping', guildId: onOne, channelId: fake.guild(onOne).channels[0]!.id });
    const inDm = fake.slash({ name: 'ping', guildId: null });
    expect((await inZero.response()).data?.content).toBe('shard 0');
    expect((await inOne.response()).data?.content).toBe('shard 1');
    expect((await inDm.response()).data?.content).toBe('shard 0');
    expect([inZero.id, inOne.id, inDm.id].map((id) => fake.shardsThatReceived(id))).toEqual([[0], [1], [0]]);
  });

  test('GIVEN only shard 0 connected THEN an event for a guild of shard 1 is refused loudly rather than lost', async () => {
    const onOne = guildIdOnShard(1, 2);
    const fake = await startFake({ shards: 2, guilds: [{ id: guildIdOnShard(0, 2) }, { id: onOne }] });
    await startShard(fake, 0, 2);
    expect(() => fake.slash({ name: 'ping', guildId: onOne, channelId: fake.guild(onOne).channels[0]!.id })).toThrow(/no session of the shard that owns guild/);
  });
});
