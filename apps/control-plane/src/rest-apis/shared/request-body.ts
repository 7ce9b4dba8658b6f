import { badRequest } from '../../common/aws-error';

/**
 * The app keeps bodies as raw buffers; management calls carry JSON. An empty body is an empty object (the SDK sends
 * none for calls without body members), anything else must be a JSON object.
 */
export function parseJsonBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : undefined;
  if (text === undefined) return body as Record<string, unknown>;
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`Invalid JSON in request body: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('Invalid request body: must be a JSON object');
  return parsed as Record<string, unknown>;
}
