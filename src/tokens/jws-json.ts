import { isJsonObject, parseJson, type JsonObject, type JsonValue } from './json.js';
import { decodeJws, malformed, readHeader, type DecodedJws, type Malformed, type ReadHeader } from './jwt.js';

/**
 * RFC 7515 §7.2: the JSON serializations. Flattened: `{"payload", "protected", "header",
 * "signature"}`; general: `{"payload", "signatures": [{"protected", "header", "signature"}…]}`.
 * Undefined when the JSON is not shaped like either, so other JSON stays other JSON.
 */
export function decodeJwsJson(text: string): DecodedJws | Malformed | undefined {
  const parsed = parseJson(text);
  if (!parsed.ok || !isJsonObject(parsed.value)) return undefined;
  const document = parsed.value;
  if (typeof document['payload'] !== 'string') return undefined;
  const signatures = signatureEntries(document);
  const first = signatures?.[0];
  if (!first) return undefined;
  const protectedHeader = readProtected(first['protected']);
  if (protectedHeader.kind === 'malformed') return protectedHeader;
  const unprotected = first['header'];
  return decodeJws({
    serialization: Array.isArray(document['signatures']) ? 'general-json' : 'flattened-json',
    protectedHeader,
    unprotected: isJsonObject(unprotected) ? unprotected : {},
    encodedPayload: document['payload'],
    encodedSignature: typeof first['signature'] === 'string' ? first['signature'] : '',
    signatureCount: signatures.length,
    depth: 0,
  });
}

/** The flattened form is one signature written at the top level. */
function signatureEntries(document: JsonObject): JsonObject[] | undefined {
  const list: JsonValue | undefined = document['signatures'];
  if (Array.isArray(list)) return list.filter(isJsonObject);
  return typeof document['signature'] === 'string' ? [document] : undefined;
}

/** Without a protected header (allowed when an unprotected one names the algorithm) there is nothing to read. */
function readProtected(encoded: JsonValue | undefined): ReadHeader | Malformed {
  if (encoded === undefined) return { kind: 'header', header: {}, padded: false };
  if (typeof encoded !== 'string') return malformed('header-not-json', 3, 'header');
  return readHeader([encoded]);
}
