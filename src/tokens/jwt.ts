import { decodeProtectedHeader } from 'jose';
import { decodedByteLength, decodeSegment, segmentProblem, utf8OrUndefined, withoutPadding, type SegmentProblem } from './base64url.js';
import { explainHeader, saysNestedJwt, stringParameter, type HeaderEntry } from './header.js';
import { isJsonObject, own, parseJson, type JsonObject, type JsonValue } from './json.js';
import { maskJson, maskText, type InsideSecret } from './secrets-inside.js';

/** The parts of a compact serialisation, named as the RFCs name them. */
export type JoseSegment = 'header' | 'payload' | 'signature' | 'encrypted-key' | 'iv' | 'ciphertext' | 'tag';

/** Why a candidate cannot be decoded, as a short code the Discord side words. */
export type MalformedReason =
  /** No dot at all: an opaque token (random text) that only its issuer can look up. */
  | 'looks-opaque'
  /** Dots, but neither 3 parts (JWS) nor 5 (JWE). */
  | 'not-three-parts'
  | 'empty-header'
  | 'bad-base64url'
  /** The first part decodes, but not to JSON text. */
  | 'header-not-json'
  /** JSON, but not an object (a number, a string, an array). */
  | 'header-not-object';

export interface Malformed {
  kind: 'malformed';
  reason: MalformedReason;
  parts: number;
  segment?: JoseSegment;
  problem?: SegmentProblem;
}

/**
 * What a JWS carries. Only `claims` gets a claims table; the others are shown as what they are,
 * none of them is an error.
 */
export type PayloadView =
  | { kind: 'claims'; claims: JsonObject }
  | { kind: 'json-array'; json: JsonValue[] }
  | { kind: 'json-value'; json: string | number | boolean | null }
  | { kind: 'text'; text: string; unencoded: boolean }
  | { kind: 'binary'; bytes: number }
  /** Nothing after decoding (or only whitespace). */
  | { kind: 'empty' }
  /** An empty payload part with a signature: the content travels separately (RFC 7515 Appendix F). */
  | { kind: 'detached' }
  /** `cty: JWT`: the payload is another token, opened one level. */
  | { kind: 'nested'; text: string; inner: DecodedJose }
  /** `cty: JWT` inside a token that was itself nested: left closed so work stays bounded. */
  | { kind: 'nested-not-opened'; text: string };

export interface SignatureInfo {
  /** Always false: the bot never verifies a signature, so it never calls one valid or invalid. */
  verified: false;
  present: boolean;
  bytes: number;
  problem: SegmentProblem | undefined;
}

/** Compact (three dotted parts) or one of the JSON forms of RFC 7515 §7.2. */
export type Serialization = 'compact' | 'flattened-json' | 'general-json';

export interface DecodedJws {
  kind: 'jws' | 'unsecured';
  serialization: Serialization;
  /** The protected header (in the compact form, the only one). Secrets in it are masked. */
  header: JsonObject;
  headerEntries: HeaderEntry[];
  /** The JSON forms' unprotected "header": not covered by the signature, so anyone may change it. */
  unprotectedEntries: HeaderEntry[];
  alg: string | undefined;
  signature: SignatureInfo;
  /** The general JSON form may carry several signatures; the first one is described. */
  signatureCount: number;
  payload: PayloadView;
  /** Parts that carried `=` padding, which RFC 7515 forbids; they were read anyway. */
  padded: JoseSegment[];
  /** Known secrets found in decoded strings (header values, claims at any depth, a text payload), masked everywhere. */
  secretsInside: InsideSecret[];
}

export interface DecodedJwe {
  kind: 'jwe';
  header: JsonObject;
  headerEntries: HeaderEntry[];
  alg: string | undefined;
  enc: string | undefined;
  /** Sizes only: nothing here can be read without the recipient's key. */
  sizes: { encryptedKey: number; iv: number; ciphertext: number; tag: number };
  /** `cty: JWT`: another token is inside, encrypted. */
  containsJwt: boolean;
  padded: JoseSegment[];
  secretsInside: InsideSecret[];
}

export type DecodedJose = DecodedJws | DecodedJwe | Malformed;

/** Compact JWS or JWE, decoded without any key: headers and payload as data, nothing verified. */
export function decodeCompact(candidate: string, depth = 0): DecodedJose {
  const parts = candidate.split('.');
  if (parts.length === 1) return malformed('looks-opaque', 1);
  if (parts.length !== 3 && parts.length !== 5) return malformed('not-three-parts', parts.length);
  const header = readHeader(parts);
  if (header.kind === 'malformed') return header;
  if (parts.length === 5) return decodeJwe(header, parts);
  const [, encodedPayload = '', encodedSignature = ''] = parts;
  return decodeJws({ serialization: 'compact', protectedHeader: header, unprotected: {}, encodedPayload, encodedSignature, signatureCount: 1, depth });
}

export function malformed(reason: MalformedReason, parts: number, segment?: JoseSegment, problem?: SegmentProblem): Malformed {
  return { kind: 'malformed', reason, parts, ...(segment ? { segment } : {}), ...(problem ? { problem } : {}) };
}

export interface ReadHeader {
  kind: 'header';
  header: JsonObject;
  padded: boolean;
}

/**
 * The protected header, read the way jose reads it (base64url, UTF-8, a JSON object); each way it
 * can fail has its own reason, so the answer can say why.
 */
export function readHeader(parts: readonly string[]): ReadHeader | Malformed {
  const encoded = parts[0] ?? '';
  if (encoded === '') return malformed('empty-header', parts.length, 'header');
  const decoded = decodeSegment(encoded);
  if (!decoded.ok) return malformed('bad-base64url', parts.length, 'header', decoded.problem);
  const text = utf8OrUndefined(decoded.bytes);
  const parsed = text === undefined ? undefined : parseJson(text);
  if (!parsed?.ok) return malformed('header-not-json', parts.length, 'header');
  if (!isJsonObject(parsed.value)) return malformed('header-not-object', parts.length, 'header');
  try {
    // jose reads the same bytes (without padding, which it refuses); our checks above only say *why* it would refuse.
    const unpadded = withoutPadding(encoded) ?? encoded;
    return { kind: 'header', header: decodeProtectedHeader(`${unpadded}..`) as JsonObject, padded: decoded.padded };
  } catch {
    return malformed('header-not-json', parts.length, 'header');
  }
}

export interface JwsParts {
  serialization: Serialization;
  protectedHeader: ReadHeader;
  unprotected: JsonObject;
  encodedPayload: string;
  encodedSignature: string;
  signatureCount: number;
  depth: number;
}

export function decodeJws(parts: JwsParts): DecodedJws | Malformed {
  const { protectedHeader, encodedPayload, encodedSignature } = parts;
  const header = maskJson(protectedHeader.header, 'header');
  const unprotected = maskJson(parts.unprotected, 'header');
  const joseHeader = { ...(unprotected.value as JsonObject), ...(header.value as JsonObject) };
  const signature: SignatureInfo = {
    verified: false,
    present: encodedSignature !== '',
    bytes: decodedByteLength(encodedSignature),
    problem: segmentProblem(encodedSignature),
  };
  const payload = readPayload(protectedHeader.header, encodedPayload, signature.present, parts.depth);
  if (payload.kind === 'malformed') return { ...payload, parts: 3 };
  const alg = stringParameter(joseHeader, 'alg');
  const padded: JoseSegment[] = [];
  if (protectedHeader.padded) padded.push('header');
  if (payload.padded) padded.push('payload');
  return {
    kind: alg !== undefined && alg.toLowerCase() === 'none' ? 'unsecured' : 'jws',
    serialization: parts.serialization,
    header: header.value as JsonObject,
    headerEntries: explainHeader(header.value as JsonObject),
    unprotectedEntries: explainHeader(unprotected.value as JsonObject),
    alg,
    signature,
    signatureCount: parts.signatureCount,
    payload: payload.view,
    padded,
    secretsInside: [...header.found, ...unprotected.found, ...payload.secrets],
  };
}

interface ReadPayload {
  kind: 'payload';
  view: PayloadView;
  padded: boolean;
  secrets: InsideSecret[];
}

const PAYLOAD = { section: 'payload', name: undefined, nested: false } as const;

function readPayload(header: JsonObject, encoded: string, signed: boolean, depth: number): ReadPayload | Malformed {
  const plain = (view: PayloadView, padded = false, secrets: InsideSecret[] = []): ReadPayload => ({ kind: 'payload', view, padded, secrets });
  if (encoded === '') return plain(signed ? { kind: 'detached' } : { kind: 'empty' });
  // RFC 7797: with "b64": false the payload part is the content itself.
  if (own(header, 'b64') === false) {
    const text = maskText(encoded, PAYLOAD);
    return plain({ kind: 'text', text: text.value, unencoded: true }, false, text.found);
  }
  const decoded = decodeSegment(encoded);
  if (!decoded.ok) return malformed('bad-base64url', 3, 'payload', decoded.problem);
  const { padded } = decoded;
  const text = utf8OrUndefined(decoded.bytes);
  if (text === undefined) return plain({ kind: 'binary', bytes: decoded.bytes.length }, padded);
  if (text.trim() === '') return plain({ kind: 'empty' }, padded);
  if (saysNestedJwt(header)) {
    const inner = text.trim();
    const view: PayloadView = depth === 0 ? { kind: 'nested', text: inner, inner: decodeCompact(inner, depth + 1) } : { kind: 'nested-not-opened', text: inner };
    return plain(view, padded);
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const masked = maskText(text, PAYLOAD);
    return plain({ kind: 'text', text: masked.value, unencoded: false }, padded, masked.found);
  }
  const masked = maskJson(parsed.value, isJsonObject(parsed.value) ? 'claim' : 'payload');
  const value = masked.value;
  if (isJsonObject(value)) return plain({ kind: 'claims', claims: value }, padded, masked.found);
  if (Array.isArray(value)) return plain({ kind: 'json-array', json: value }, padded, masked.found);
  return plain({ kind: 'json-value', json: value }, padded, masked.found);
}

function decodeJwe(protectedHeader: ReadHeader, parts: readonly string[]): DecodedJwe | Malformed {
  const names: JoseSegment[] = ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag'];
  for (const [index, name] of names.entries()) {
    const problem = index === 0 ? undefined : segmentProblem(parts[index] ?? '');
    if (problem) return malformed('bad-base64url', 5, name, problem);
  }
  const size = (index: number): number => decodedByteLength(parts[index] ?? '');
  const header = maskJson(protectedHeader.header, 'header');
  const masked = header.value as JsonObject;
  return {
    kind: 'jwe',
    header: masked,
    headerEntries: explainHeader(masked),
    alg: stringParameter(masked, 'alg'),
    enc: stringParameter(masked, 'enc'),
    sizes: { encryptedKey: size(1), iv: size(2), ciphertext: size(3), tag: size(4) },
    containsJwt: saysNestedJwt(protectedHeader.header),
    padded: protectedHeader.padded ? ['header'] : [],
    secretsInside: header.found,
  };
}
