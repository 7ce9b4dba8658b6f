import { badRequest } from './aws-error';

/** AWS's tag limits for API Gateway resources: at most 50 tags; keys 1–128 characters without the reserved `aws:` prefix; values at most 256. */
export const MAX_TAGS = 50;

/**
 * Refuses (BadRequestException) a tag set AWS would refuse, on create as on TagResource; `tags` is the whole set the
 * resource would have. Returns it unchanged, so create paths can wrap the member they read.
 */
export function checkTags<T extends Record<string, string> | undefined>(tags: T): T {
  if (tags === undefined) return tags;
  const keys = Object.keys(tags);
  for (const key of keys) {
    if (key.length < 1 || key.length > 128) throw badRequest(`Invalid tag key: '${key}'. Must be 1 to 128 characters`);
    if (key.toLowerCase().startsWith('aws:')) throw badRequest(`Invalid tag key: '${key}'. The aws: prefix is reserved`);
    if (tags[key].length > 256) throw badRequest(`Invalid tag value for ${key}: at most 256 characters`);
  }
  if (keys.length > MAX_TAGS) throw badRequest(`Too many tags: a resource can have at most ${MAX_TAGS}`);
  return tags;
}
