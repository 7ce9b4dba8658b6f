import { decryptSecret, deriveEncryptionKey, encryptSecret, generateApiKeyValue, hashApiKey, validateApiKeyValue } from './api-key.crypto';

describe('api key crypto', () => {
  const key = deriveEncryptionKey('correct horse battery staple');

  it('hashes a value deterministically per secret', () => {
    expect(hashApiKey('abc', 's1')).toBe(hashApiKey('abc', 's1'));
    expect(hashApiKey('abc', 's1')).not.toBe(hashApiKey('abc', 's2'));
    expect(hashApiKey('abc', 's1')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('round-trips a value and never stores it in plaintext', () => {
    const sut = encryptSecret('my-api-key-value-1234567890', key);
    expect(sut).not.toContain('my-api-key-value');
    expect(decryptSecret(sut, key)).toBe('my-api-key-value-1234567890');
    expect(encryptSecret('same', key)).not.toBe(encryptSecret('same', key));
  });

  it('refuses a wrong key, altered ciphertext or unknown format', () => {
    const sut = encryptSecret('value', key);
    expect(() => decryptSecret(sut, deriveEncryptionKey('other'))).toThrow('cannot be decrypted with this key');
    const parts = sut.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), key)).toThrow('cannot be decrypted with this key');
    expect(() => decryptSecret('v2.a.b.c', key)).toThrow('unknown format');
    expect(() => decryptSecret('garbage', key)).toThrow('unknown format');
    expect(() => encryptSecret('x', Buffer.alloc(16))).toThrow('encryption key must be 32 bytes');
    expect(() => deriveEncryptionKey('')).toThrow('must not be empty');
  });

  it('generates 40 alphanumeric characters that differ each time', () => {
    const sut = generateApiKeyValue();
    expect(sut).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(generateApiKeyValue()).not.toBe(sut);
  });

  it.each([
    [42, 'API Key value must be a string'],
    ['short', 'API Key value should be at least 20 characters'],
    ['x'.repeat(129), 'API Key value should be at most 128 characters'],
    ['has spaces in it 123456789', 'API Key value must contain only printable ASCII characters without spaces'],
  ])('rejects the value %j', (value, message) => {
    expect(validateApiKeyValue(value)).toBe(message);
  });

  it('accepts a 20-character value', () => {
    expect(validateApiKeyValue('a'.repeat(20))).toBeUndefined();
  });
});
