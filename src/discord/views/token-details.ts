import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { SegmentProblem } from '../../tokens/base64url.js';
import type { HeaderEntry } from '../../tokens/header.js';
import type { EncryptedView, FoundAt, NotATokenReason, NotATokenView, SecretInspection, SignedView } from '../../tokens/inspect.js';
import type { JoseSegment } from '../../tokens/jwt.js';
import type { InsideSecret } from '../../tokens/secrets-inside.js';
import type { TimeReading } from '../../tokens/times.js';
import { sourceSentence } from './token-names.js';
import { code, safeText, sentence } from './token-text.js';

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

const segmentWords: Record<JoseSegment, string> = {
  header: 'header',
  payload: 'payload',
  signature: 'signature',
  'encrypted-key': 'encrypted key',
  iv: 'initialisation vector',
  ciphertext: 'ciphertext',
  tag: 'authentication tag',
};

const problemWords: Record<SegmentProblem, string> = {
  'standard-base64': 'it uses + or /, the characters of standard base64 rather than base64url',
  padding: 'it ends in = padding of a length no base64 text can have',
  'bad-character': 'it holds a character outside A–Z, a–z, 0–9, - and _',
  'bad-length': 'its length is impossible for base64, so a character was lost or added',
};

/** Codes and opaque tokens are real credentials, just not decodable ones: their titles say what they are. */
const notATokenTitles: Partial<Record<NotATokenReason, string>> = {
  'authorization-code': '🎟️ An authorization code: nothing inside to decode',
  'looks-opaque': '🔒 An opaque token: nothing inside to decode',
};

export function notATokenEmbed(view: NotATokenView): APIEmbed {
  const lines = [reasonWords[view.reason]];
  if (view.segment && view.problem) lines.push(`The ${segmentWords[view.segment]} is the part at fault: ${problemWords[view.problem]}.`);
  return { title: notATokenTitles[view.reason] ?? '🤔 Not a token I can decode', description: lines.join('\n'), color: 0x4f545c };
}

export function secretEmbed(inspection: SecretInspection): APIEmbed {
  const { secret } = inspection;
  const title = `🔑 ${safeText(secret.family.name, 100)}${secret.variant ? `: ${safeText(secret.variant, 60)}` : ''}`;
  return {
    title,
    description: 'A known kind of secret: I do not decode or repeat it.',
    color: 0xed4245,
    fields: [
      { name: 'Shown as', value: code(secret.masked, 60), inline: true },
      { name: 'Why it matters', value: safeText(secret.family.danger, 1000) },
    ],
  };
}

const roleWords = { 'access-token': 'an access token', 'id-token': 'an ID token', 'refresh-token': 'a refresh token', unknown: 'a token of unknown kind' } as const;
const serializationWords = { compact: '', 'flattened-json': ' in JSON form (flattened)', 'general-json': ' in JSON form (general)' } as const;

export function signedEmbed(view: SignedView, found?: FoundAt): APIEmbed {
  const unsecured = view.kind === 'unsecured';
  const description: string[] = [];
  const from = found ? sourceSentence(found.source) : undefined;
  if (from) description.push(from);
  if (unsecured) description.push('**`alg: none`: there is no signature. Anyone can write a token like this; never accept one.**');
  else description.push(`Signed with ${code(view.alg ?? 'no alg', 40)}. I read it **without checking the signature**: decoding shows what it says, not whether it is genuine.`);
  if (view.signatureCount > 1) description.push(`It carries ${view.signatureCount} signatures; the headers below are the first one's.`);
  if (view.verdict) description.push(`It looks like **${roleWords[view.verdict.role]}**:\n${view.verdict.reasons.map((reason) => `• ${sentence(reason, 200)}`).join('\n')}`);
  if (view.payload.kind !== 'claims') description.push(payloadWords(view));
  description.push(...paddingWords(view.padded));
  const fields: APIEmbedField[] = [];
  const protectedTitle = view.serialization === 'compact' ? 'Header' : 'Protected header';
  fields.push(...entryFields(protectedTitle, view.headerEntries.map(entryLine), 1));
  if (view.unprotectedEntries.length > 0) fields.push(...entryFields('Unprotected header (not signed: anyone could change it)', view.unprotectedEntries.map(entryLine), 1));
  if (view.claims) {
    const lines = view.claims.map((claim) => `${code(claim.name, 40)} ${code(claim.display, 120)}${claim.label ? ` — ${claim.label}${claim.personalData ? ' 👤' : ''}` : ''}`);
    fields.push(...entryFields('Claims', lines, 4));
  }
  fields.push(...secretsField(view.secretsInside));
  if (view.times) {
    const lines = [`**${safeText(capitalised(view.times.summary), 200)}**`, timeLine('Expires (exp)', view.times.exp), timeLine('Not before (nbf)', view.times.nbf), timeLine('Issued (iat)', view.times.iat)];
    if (view.times.lifetime) lines.push(`**Lifetime:** ${view.times.lifetime}`);
    fields.push({ name: 'Times', value: lines.filter(Boolean).join('\n').slice(0, 1024) });
  }
  if (view.risks.length > 0) fields.push({ name: 'Risks', value: view.risks.map((risk) => `• ${safeText(risk.text, 250)}`).join('\n').slice(0, 1024) });
  return {
    title: unsecured ? '🚨 An unsecured JWT (alg: none)' : `🔍 A signed JWT (JWS)${serializationWords[view.serialization]}, decoded`,
    description: description.join('\n\n').slice(0, 4000),
    color: unsecured ? 0xed4245 : 0x5865f2,
    fields,
    footer: { text: 'Nothing was verified, fetched or sent anywhere, and nothing you pasted was stored.' },
  };
}

export function encryptedEmbed(view: EncryptedView, found?: FoundAt): APIEmbed {
  const from = found ? sourceSentence(found.source) : undefined;
  const description = [from, `Only the recipient's key can read the payload, so I show the protected header alone.${view.containsJwt ? ' The header says a JWT is inside.' : ''}`, ...paddingWords(view.padded)];
  return {
    title: '🔒 An encrypted token (JWE)',
    description: description.filter(Boolean).join('\n\n'),
    color: 0x5865f2,
    fields: [...entryFields('Header', view.headerEntries.map(entryLine), 1), ...secretsField(view.secretsInside)],
  };
}

const entryLine = (entry: HeaderEntry) => `${code(entry.name, 40)} ${code(entry.display, 120)}${entry.label ? ` — ${entry.label}` : ''}`;
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Secrets found inside the token, named and masked exactly as a pasted one would be. */
function secretsField(secrets: readonly InsideSecret[]): APIEmbedField[] {
  if (secrets.length === 0) return [];
  const lines = secrets.map((secret) => {
    const where = secret.where.name === undefined ? `the ${secret.where.section}` : `${secret.where.section} ${code(secret.where.name, 40)}${secret.where.nested ? ' (nested)' : ''}`;
    const variant = secret.variant ? `: ${safeText(secret.variant, 60)}` : '';
    return `🔑 ${safeText(secret.family.name, 80)}${variant} in ${where}, shown as ${code(secret.masked, 60)}`;
  });
  return [{ name: 'Secrets inside this token (masked)', value: lines.join('\n').slice(0, 1024) }];
}

function paddingWords(padded: readonly JoseSegment[]): string[] {
  if (padded.length === 0) return [];
  const parts = padded.map((segment) => segmentWords[segment]).join(' and the ');
  return [`ℹ️ The ${parts} ended in \`=\` padding. RFC 7515 §2 forbids padding in these parts; I read it anyway, but strict libraries (jose among them) reject such a token.`];
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
