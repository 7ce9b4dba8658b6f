import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** An AWS-style resource id: lowercase alphanumerics, 10 characters by default (API, resource, stage ids). */
export function newResourceId(length = 10): string {
  const bytes = randomBytes(length);
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[bytes[i] % ALPHABET.length];
  return id;
}

/** Deterministic region/account used in ARNs; both are configurable for users who mirror a real account. */
export interface ArnContext {
  region: string;
  accountId: string;
}

export function functionArn(ctx: ArnContext, functionName: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${functionName}`;
  return qualifier ? `${base}:${qualifier}` : base;
}
