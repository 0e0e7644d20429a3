/** Hand-made compact tokens for the cases no RFC publishes (hostile ones especially). */
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

export const FAKE_SIGNATURE = 'c2lnbmF0dXJlLW5vdC1jaGVja2Vk';

/** header and payload as raw JSON text, so odd JSON (duplicate keys, __proto__) stays as written. */
export function compact(headerJson: string, payloadJson: string, signature = FAKE_SIGNATURE): string {
  return `${b64(headerJson)}.${b64(payloadJson)}.${signature}`;
}

export function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, signature = FAKE_SIGNATURE): string {
  return compact(JSON.stringify(header), JSON.stringify(claims), signature);
}

export { b64 };
