// Token sealing. Payload format (ASCII, versioned so the scheme can change without a migration):
//
//   v1.<keyId>.<iv>.<tag>.<ciphertext>      (base64url parts; keyId = first 8 hex of SHA-256(key))
//
// AES-256-GCM with a random 96-bit IV per seal, so sealing the same token twice never gives the same
// bytes. The key id lets `open` pick the right key during rotation (TOKEN_ENCRYPTION_KEYS_OLD) without
// trial decryption, and tells the store which records still need re-sealing under the current key.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export class TokenDecryptError extends Error {
  override name = 'TokenDecryptError';
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function seal(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', keyId(key), iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** The key id a payload was sealed with, or undefined when the payload is not ours. */
export function sealedKeyId(payload: string): string | undefined {
  const parts = payload.split('.');
  return parts.length === 5 && parts[0] === 'v1' ? parts[1] : undefined;
}

/** Decrypts with whichever of `keys` sealed the payload; throws TokenDecryptError otherwise. */
export function open(payload: string, keys: readonly Buffer[]): string {
  const [version, id, iv, tag, ciphertext] = payload.split('.');
  if (version !== 'v1' || !id || !iv || !tag || ciphertext === undefined) {
    throw new TokenDecryptError('Unrecognised token payload format');
  }
  const key = keys.find(k => keyId(k) === id);
  if (!key) throw new TokenDecryptError(`No configured key matches key id ${id} (wrong TOKEN_ENCRYPTION_KEY?)`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new TokenDecryptError(`Token payload failed authentication under key ${id}`, { cause });
  }
}

/** A key for another purpose (cursor signing...) derived from the token key, so it needs no setting of its own. */
export function deriveKey(key: Buffer, purpose: string): Buffer {
  return createHmac('sha256', key).update(`instagram-feed:${purpose}`).digest();
}
