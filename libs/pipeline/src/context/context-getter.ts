import type { RequestContext } from './request-context';

export type ContextGetter = (ctx: RequestContext) => string | undefined;

/**
 * Compiles a `$context` variable name (`requestId`, `identity.sourceIp`, `authorizer.claims.sub`, ...) into a
 * getter once, at deploy time. The most used names read the request fields directly; the rest walk the lazily
 * built `$context` object.
 */
export function compileContextGetter(name: string): ContextGetter {
  switch (name) {
    case 'requestId':
      return (ctx) => ctx.requestId;
    case 'extendedRequestId':
      return (ctx) => ctx.extendedRequestId;
    case 'identity.sourceIp':
      return (ctx) => ctx.sourceIp;
    case 'stage':
      return (ctx) => ctx.stage.stageName;
    case 'apiId':
      return (ctx) => ctx.stage.apiId;
    case 'httpMethod':
      return (ctx) => ctx.method;
  }
  const parts = name.split('.');
  return (ctx) => {
    let value: unknown = ctx.contextVariables();
    for (let i = 0; i < parts.length; i++) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[parts[i]];
    }
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
}
