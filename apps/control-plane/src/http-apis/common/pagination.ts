import { badRequest } from '../../common/aws-error';

export interface ListQuery {
  maxResults?: string;
  nextToken?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** AWS leaves the page size to the service; 100 keeps responses small and the SDK paginators loop on nextToken. */
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

/**
 * Offset pagination over an ordered list. The token is opaque to callers (base64 of the offset), and a token that
 * does not decode is refused rather than silently restarting from the first page.
 */
export function paginate<T>(all: T[], query: ListQuery = {}): Page<T> {
  const size = pageSize(query.maxResults);
  const start = offset(query.nextToken);
  const items = all.slice(start, start + size);
  const next = start + size;
  return next < all.length ? { items, nextToken: Buffer.from(String(next)).toString('base64url') } : { items };
}

function pageSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badRequest(`Invalid value for 'maxResults': ${raw} must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  }
  return n;
}

function offset(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const n = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(n) || n < 0) throw badRequest(`Invalid value for 'nextToken': ${token}`);
  return n;
}
