import { ButtonStyle, ComponentType, escapeMarkdown, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Inspection, NotATokenReason, SignedView } from '../../tokens/inspect.js';
import type { TimeReading } from '../../tokens/times.js';
import { encodeRoute } from '../ids.js';
import { truncate } from '../text.js';
import type { MessageView } from './lesson.js';

/** Where "Two tokens, two jobs" lives, for the button that ties a token back to the lesson. */
export interface LessonLink {
  lessonId: string;
  page: number;
}

/**
 * Pasted text is hostile until shown otherwise: no markdown, no mentions, no control or
 * direction-changing characters, and bounded length.
 */
export function safeText(text: string, max = 300): string {
  const cleaned = neutralise(text)
    .replace(/@(everyone|here)/g, '@\u200b$1')
    .replace(/<([@#][!&]?\d+|t:\d+(:\w)?)>/g, '‹$1›');
  return escapeMarkdown(truncate(cleaned, max));
}

/** Control and direction-changing characters could hide or reorder what a member reads. */
const neutralise = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '�');

/** Inside a code span markdown and mentions are inert; only a backtick could end it early. */
const code = (text: string, max = 200) => `\`${truncate(neutralise(text).replace(/\n/g, ' ').replace(/`/g, 'ˋ'), max) || ' '}\``;

const leakColours = { live: 0xed4245, unknown: 0xed4245, expired: 0xfaa61a, public: 0x57f287 } as const;

function leakEmbed(inspection: Extract<Inspection, { leak: unknown }>): APIEmbed {
  const { leak } = inspection;
  if (leak.level === 'public') return { title: 'ℹ️ Nothing secret here', description: `${leak.headline}\n${leak.advice}`, color: leakColours.public };
  const title = leak.level === 'expired' ? '⚠️ This token leaked (it has expired)' : '🚨 Treat this as leaked: revoke it now';
  const lines = [
    'Pasting a credential into Discord is a leak: anyone who saw it, and any bot or log that stored it, can use it.',
    leak.headline,
    `**What to do now:** ${leak.advice}`,
  ];
  if (leak.expires) lines.push(`Stops working by itself <t:${leak.expires.unix}:R>.`);
  return { title, description: lines.join('\n'), color: leakColours[leak.level] };
}

const reasonWords: Record<NotATokenReason, string> = {
  'looks-opaque': 'It has no dots, so it is an opaque token: random text that only its issuer can look up. There is nothing inside to decode.',
  'not-three-parts': 'A JWT has three parts separated by dots (five when encrypted); this one has a different number.',
  'empty-header': 'The first part, the header, is empty.',
  'bad-base64url': 'One part is not valid base64url, the alphabet JWTs are written in.',
  'header-not-json': 'The header does not decode to JSON, so this is not a JWT.',
  'header-not-object': 'The header decodes to JSON, but not to an object.',
  'no-token-found': 'I could not find anything shaped like a token in that text.',
  'authorization-code': 'That is an OAuth authorization code: opaque, single-use and short-lived. Once the app has exchanged it, it is worthless.',
};

function timeLine(label: string, reading: TimeReading | undefined): string | undefined {
  if (!reading) return undefined;
  return reading.ok ? `**${label}:** <t:${reading.unix}:f> (${reading.relative}) · \`${reading.iso}\`` : `**${label}:** ${code(reading.display, 60)} ⚠️ ${reading.problem}`;
}

/** Claims, many to a field, split so no field passes 1,024 characters. */
function entryFields(title: string, lines: readonly string[], maxFields: number): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let current: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > 1000 && current.length > 0) {
      fields.push({ name: fields.length === 0 ? title : `${title} (continued)`, value: current.join('\n') });
      current = [];
      length = 0;
    }
    current.push(line.slice(0, 1000));
    length += line.length + 1;
  }
  if (current.length > 0) fields.push({ name: fields.length === 0 ? title : `${title} (continued)`, value: current.join('\n') });
  if (fields.length > maxFields) {
    const kept = fields.slice(0, maxFields);
    const last = kept[maxFields - 1] as APIEmbedField;
    last.value = `${last.value.slice(0, 950)}\n…and more, not shown`;
    return kept;
  }
  return fields;
}

const roleWords = { 'access-token': 'an access token', 'id-token': 'an ID token', 'refresh-token': 'a refresh token', unknown: 'a token of unknown kind' } as const;

function signedEmbed(view: SignedView): APIEmbed {
  const unsecured = view.kind === 'unsecured';
  const description: string[] = [];
  if (unsecured) description.push('**`alg: none` — there is no signature. Anyone can write a token like this; never accept one.**');
  else description.push(`Signed with ${code(view.alg ?? 'no alg', 40)}. I read it **without checking the signature**: decoding shows what it says, not whether it is genuine.`);
  if (view.verdict) description.push(`It looks like **${roleWords[view.verdict.role]}**: ${view.verdict.reasons.map((reason) => safeText(reason, 200)).join('; ')}.`);
  if (view.payload.kind !== 'claims') description.push(payloadWords(view));
  const fields: APIEmbedField[] = [];
  fields.push(...entryFields('Header', view.headerEntries.map((entry) => `${code(entry.name, 40)} ${code(entry.display, 120)}${entry.label ? ` ${entry.label}` : ''}`), 1));
  if (view.claims) {
    const lines = view.claims.map((claim) => `${code(claim.name, 40)} ${code(claim.display, 120)}${claim.label ? ` — ${claim.label}${claim.personalData ? ' 👤' : ''}` : ''}`);
    fields.push(...entryFields('Claims', lines, 4));
  }
  if (view.times) {
    const lines = [`**${safeText(view.times.summary, 200)}**`, timeLine('Expires (exp)', view.times.exp), timeLine('Not before (nbf)', view.times.nbf), timeLine('Issued (iat)', view.times.iat)];
    if (view.times.lifetime) lines.push(`**Lifetime:** ${view.times.lifetime}`);
    fields.push({ name: 'Times', value: lines.filter(Boolean).join('\n').slice(0, 1024) });
  }
  if (view.risks.length > 0) fields.push({ name: 'Risks', value: view.risks.map((risk) => `• ${safeText(risk.text, 250)}`).join('\n').slice(0, 1024) });
  return {
    title: unsecured ? '🚨 An unsecured JWT (alg: none)' : '🔍 A signed JWT (JWS), decoded',
    description: description.join('\n\n'),
    color: unsecured ? 0xed4245 : 0x5865f2,
    fields,
    footer: { text: 'Nothing was verified, fetched or sent anywhere, and nothing you pasted was stored.' },
  };
}

function payloadWords(view: SignedView): string {
  switch (view.payload.kind) {
    case 'claims':
      return '';
    case 'json-array':
      return `The payload is a JSON array (${view.payload.json.length} items), not a set of claims.`;
    case 'json-value':
      return `The payload is a single JSON value: ${code(JSON.stringify(view.payload.json), 100)}.`;
    case 'text':
      return `The payload is plain text: ${code(view.payload.text, 300)}`;
    case 'binary':
      return `The payload is ${view.payload.bytes} bytes of binary data.`;
    case 'empty':
      return 'The payload is empty.';
    case 'detached':
      return 'The payload is detached: the signed content travels separately from the token.';
    case 'nested':
    case 'nested-not-opened':
      return 'The payload is another token (`cty: JWT`); what is inside is shown below.';
  }
}

function foundNotes(inspection: Inspection): string[] {
  const notes = 'found' in inspection && inspection.found ? inspection.found.notes : 'notes' in inspection ? inspection.notes : [];
  return notes.map((note) => `ℹ️ ${safeText(note, 300)}`);
}

export function tokenView(inspection: Inspection, lesson: LessonLink | undefined): MessageView {
  if (inspection.kind === 'empty') {
    return { embeds: [{ title: 'Nothing to decode', description: 'Paste a token, or a header or JSON response that contains one.', color: 0x4f545c }], components: [] };
  }
  // Text with nothing token-shaped in it has not leaked anything: no alarm for that.
  const nothingFound = inspection.kind === 'not-a-token' && inspection.reason === 'no-token-found';
  const embeds: APIEmbed[] = nothingFound ? [] : [leakEmbed(inspection)];
  switch (inspection.kind) {
    case 'too-long':
      embeds.push({ title: 'Too long to read', description: `That is ${inspection.bytes.toLocaleString('en')} bytes; I read at most ${inspection.limitBytes.toLocaleString('en')} (16 KiB), which fits even post-quantum signed tokens.`, color: 0x4f545c });
      break;
    case 'secret': {
      const { secret } = inspection;
      const fields: APIEmbedField[] = [
        { name: 'Shown as', value: code(secret.masked, 60), inline: true },
        { name: 'Why it matters', value: safeText(secret.family.danger, 1000) },
      ];
      if (inspection.others.length > 0) fields.push({ name: 'Also in the same text', value: inspection.others.map((other) => `${safeText(other.family.name, 80)} ${code(other.masked, 60)}`).join('\n').slice(0, 1024) });
      embeds.push({ title: `🔑 ${safeText(secret.family.name, 100)}${secret.variant ? ` (${safeText(secret.variant, 60)})` : ''}`, description: 'A known kind of secret: I do not decode or repeat it.', color: 0xed4245, fields });
      break;
    }
    case 'jws':
    case 'unsecured': {
      embeds.push(signedEmbed(inspection));
      const inner = inspection.nested;
      if (inner && (inner.kind === 'jws' || inner.kind === 'unsecured')) embeds.push({ ...signedEmbed(inner), title: `Inside: ${signedEmbed(inner).title ?? ''}` });
      break;
    }
    case 'jwe':
      embeds.push({
        title: '🔒 An encrypted token (JWE)',
        description: `Only the recipient's key can read the payload, so I show the protected header alone.${inspection.containsJwt ? ' The header says a JWT is inside.' : ''}`,
        color: 0x5865f2,
        fields: entryFields('Header', inspection.headerEntries.map((entry) => `${code(entry.name, 40)} ${code(entry.display, 120)}${entry.label ? ` ${entry.label}` : ''}`), 1),
      });
      break;
    case 'not-a-token':
      embeds.push({ title: '🤔 Not a token I can decode', description: reasonWords[inspection.reason], color: 0x4f545c });
      break;
  }
  const notes = foundNotes(inspection);
  const last = embeds[embeds.length - 1] as APIEmbed;
  if (notes.length > 0) last.fields = [...(last.fields ?? []), { name: 'How I read your text', value: notes.join('\n').slice(0, 1024) }].slice(0, 25);
  const isJose = inspection.kind === 'jws' || inspection.kind === 'unsecured' || inspection.kind === 'jwe';
  return {
    embeds: fitTotal(embeds),
    components:
      lesson && isJose
        ? [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.Button,
                  style: ButtonStyle.Secondary,
                  label: 'Lesson: two tokens, two jobs',
                  emoji: { name: '📘' },
                  custom_id: encodeRoute({ kind: 'lesson.open', lessonId: lesson.lessonId, page: lesson.page }),
                },
              ],
            },
          ]
        : [],
  };
}

/** Discord refuses a message whose embeds hold more than 6,000 characters in all. */
function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  const size = (embed: APIEmbed) =>
    (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  let total = embeds.reduce((sum, embed) => sum + size(embed), 0);
  for (let index = embeds.length - 1; index >= 0 && total > 5900; index -= 1) {
    const embed = embeds[index] as APIEmbed;
    while (total > 5900 && (embed.fields?.length ?? 0) > 0) {
      const removed = embed.fields?.pop();
      total -= (removed?.name.length ?? 0) + (removed?.value.length ?? 0);
    }
  }
  return embeds;
}
