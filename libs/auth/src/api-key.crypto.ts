import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';

/**
 * API key values at rest: a keyed hash to find a key by the value a client sends (x-api-key), and an AES-256-GCM
 * ciphertext so GetApiKey with includeValue=true can show the value as AWS does. Nothing is stored in plaintext.
 */

/** Hex HMAC-SHA256 of an API key value; `secret` is the installation's key-hashing secret (not the encryption key). */
export function hashApiKey(value: string, secret: string | Buffer): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}

/** A 32-byte AES key derived from a configured secret of any length (HKDF-SHA256), so operators can set a passphrase. */
export function deriveEncryptionKey(secret: string | Buffer, purpose = 'apigw api key values'): Buffer {
  if (secret.length === 0) throw new RangeError('encryption secret must not be empty');
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));
}

const VERSION = 'v1';

/** `v1.<iv>.<tag>.<ciphertext>` in base64url; a fresh 96-bit IV each time. */
export function encryptSecret(plaintext: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** Throws when the text was not produced by encryptSecret with this key, or was altered. */
export function decryptSecret(encrypted: string, key: Buffer): string {
  assertKey(key);
  const parts = encrypted.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('encrypted secret has an unknown format');
  const [, iv, tag, ciphertext] = parts.map((p) => Buffer.from(p, 'base64url'));
  if (iv.length !== 12 || tag.length !== 16) throw new Error('encrypted secret has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('encrypted secret cannot be decrypted with this key (wrong key or altered data)');
  }
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new RangeError('encryption key must be 32 bytes (see deriveEncryptionKey)');
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A generated key value like AWS's: 40 alphanumeric characters, uniformly random. */
export function generateApiKeyValue(length = 40): string {
  let value = '';
  for (let i = 0; i < length; i++) value += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return value;
}

/**
 * CreateApiKey/ImportApiKeys accept a caller-chosen value of at least 20 characters (AWS ApiKey reference; AWS also
 * caps it at 128). Returns the AWS BadRequestException message, or undefined when valid.
 */
export function validateApiKeyValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'API Key value must be a string';
  if (value.length < 20) return 'API Key value should be at least 20 characters';
  if (value.length > 128) return 'API Key value should be at most 128 characters';
  if (!/^[\x21-\x7e]+$/.test(value)) return 'API Key value must contain only printable ASCII characters without spaces';
  return undefined;
}
