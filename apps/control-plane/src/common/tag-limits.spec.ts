import { checkTags, MAX_TAGS } from './tag-limits';

describe(checkTags.name, () => {
  it('passes what AWS accepts, unchanged (and undefined)', () => {
    const tags = { env: 'prod', [`k${'x'.repeat(126)}`]: 'v'.repeat(256), empty: '' };
    expect(checkTags(tags)).toBe(tags);
    expect(checkTags(undefined)).toBeUndefined();
    expect(() => checkTags(Object.fromEntries(Array.from({ length: MAX_TAGS }, (_, i) => [`k${i}`, 'v'])))).not.toThrow();
  });

  it.each([
    ['an empty key', { '': 'v' }, "Invalid tag key: ''. Must be 1 to 128 characters"],
    ['a 129-character key', { ['k'.repeat(129)]: 'v' }, `Invalid tag key: '${'k'.repeat(129)}'. Must be 1 to 128 characters`],
    ['the aws: prefix, any case', { 'AWS:owner': 'v' }, "Invalid tag key: 'AWS:owner'. The aws: prefix is reserved"],
    ['a 257-character value', { k: 'v'.repeat(257) }, 'Invalid tag value for k: at most 256 characters'],
    ['51 tags', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])), 'Too many tags: a resource can have at most 50'],
  ])('refuses %s with BadRequestException', (_case, tags, message) => {
    expect(() => checkTags(tags)).toThrow(expect.objectContaining({ message }));
  });
});
