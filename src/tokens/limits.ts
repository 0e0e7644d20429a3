/**
 * Legitimate post-quantum JWTs pass 6,000 characters, so the cap sits well above that and still
 * keeps every regex, split and JSON.parse below it cheap. Counted in UTF-8 bytes, as Discord does.
 */
export const MAX_INPUT_BYTES = 16 * 1024;

/** Claim values and header values shown in a table are cut here; the Discord side may cut further. */
export const MAX_VALUE_CHARS = 200;

/**
 * Bytes of `text` in UTF-8, stopping early once past `stopAfter`: a 1 MiB paste is rejected
 * without walking all of it (each UTF-16 unit is at least one byte, so length is a lower bound).
 */
export function utf8ByteLength(text: string, stopAfter = Number.POSITIVE_INFINITY): number {
  if (text.length > stopAfter) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > stopAfter) return bytes;
  }
  return bytes;
}

const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;
