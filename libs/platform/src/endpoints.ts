import type { AppConfig } from '@app/config';

/**
 * URLs users call an API at, as AWS forms them (`https://{apiId}.execute-api.{region}.amazonaws.com`), on our
 * gateway: the API id becomes a host prefix of PUBLIC_GATEWAY_URL's host (`http://abc123.execute-api.localhost:8080`;
 * curl and browsers resolve `*.localhost` to loopback). Clients that cannot use such hosts call the path form,
 * `{PUBLIC_GATEWAY_URL}/_aws/execute-api/{apiId}`.
 */
export function apiEndpoint(config: Pick<AppConfig, 'publicGatewayUrl'>, apiId: string): string {
  return hostForm(config.publicGatewayUrl, apiId);
}

export function websocketApiEndpoint(config: Pick<AppConfig, 'publicWsUrl'>, apiId: string): string {
  return hostForm(config.publicWsUrl, apiId);
}

export function pathFormEndpoint(config: Pick<AppConfig, 'publicGatewayUrl'>, apiId: string): string {
  return `${config.publicGatewayUrl}/_aws/execute-api/${apiId}`;
}

function hostForm(base: string, apiId: string): string {
  const url = new URL(base);
  url.hostname = `${apiId}.execute-api.${url.hostname}`;
  return url.toString().replace(/\/$/, '');
}
