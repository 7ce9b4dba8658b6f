import type { V2ProtocolType } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';

export const ROUTE_METHODS = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const WEBSOCKET_RESERVED = ['$connect', '$disconnect', '$default'];
const SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@%-]+$/;
const PARAM = /^\{([A-Za-z0-9_.-]+)(\+)?\}$/;

/**
 * Route keys as AWS accepts them. HTTP: `$default` or `METHOD /path`, where path segments may be `{param}` and the
 * last may be greedy `{proxy+}`. WebSocket: `$connect`, `$disconnect`, `$default` or a custom key (no leading `$`).
 */
export function validateRouteKey(routeKey: string, protocolType: V2ProtocolType): void {
  if (protocolType === 'WEBSOCKET') {
    if (routeKey.startsWith('$') && !WEBSOCKET_RESERVED.includes(routeKey)) {
      throw badRequest(`Invalid routeKey '${routeKey}': keys starting with $ are reserved; use $connect, $disconnect or $default`);
    }
    if (routeKey.length > 128 || /\s/.test(routeKey)) throw badRequest(`Invalid routeKey '${routeKey}': at most 128 characters, no whitespace`);
    return;
  }
  if (routeKey === '$default') return;
  const match = /^([A-Z]+) (\/.*)$/.exec(routeKey);
  if (!match || !ROUTE_METHODS.includes(match[1])) {
    throw badRequest(`Invalid routeKey '${routeKey}': must be $default or 'METHOD /path' with METHOD one of ${ROUTE_METHODS.join(', ')}`);
  }
  validatePath(routeKey, match[2]);
}

function validatePath(routeKey: string, path: string): void {
  if (path === '/') return;
  const segments = path.slice(1).split('/');
  const names = new Set<string>();
  segments.forEach((segment, i) => {
    if (segment === '') throw badRequest(`Invalid routeKey '${routeKey}': empty path segment`);
    const param = PARAM.exec(segment);
    if (param) {
      if (param[2] && i !== segments.length - 1) throw badRequest(`Invalid routeKey '${routeKey}': a greedy path variable {${param[1]}+} must be the last segment`);
      if (names.has(param[1])) throw badRequest(`Invalid routeKey '${routeKey}': duplicate path variable {${param[1]}}`);
      names.add(param[1]);
      return;
    }
    if (!SEGMENT.test(segment) || segment.includes('{') || segment.includes('}')) {
      throw badRequest(`Invalid routeKey '${routeKey}': invalid path segment '${segment}'`);
    }
  });
}
