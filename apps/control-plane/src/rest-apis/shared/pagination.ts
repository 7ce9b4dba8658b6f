import { badRequest } from '../../common/aws-error';

export interface Page<T> {
  item: T[];
  position?: string;
}

/**
 * AWS list paging: `limit` (1..500, default 25) and an opaque `position` token. Our token is the index of the next
 * item, which is stable because lists are ordered by id and ids never change.
 */
export function paginate<T>(items: T[], query: { position?: string; limit?: string }): Page<T> {
  const limit = query.limit === undefined ? 25 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badRequest(`Invalid limit: '${query.limit}'. Must be between 1 and 500`);
  let start = 0;
  if (query.position !== undefined && query.position !== '') {
    start = Number(Buffer.from(query.position, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw badRequest('Invalid position specified');
  }
  const item = items.slice(start, start + limit);
  const next = start + limit;
  return next < items.length ? { item, position: Buffer.from(String(next)).toString('base64url') } : { item };
}
