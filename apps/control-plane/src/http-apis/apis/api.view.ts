import type { V2ApiDoc } from '@app/contracts';
import type { AppConfig } from '@app/config';
import { apiEndpoint, websocketApiEndpoint } from '@app/platform';

/** The API as the wire returns it: the stored document plus where our gateway serves it. */
export function toApiView(config: AppConfig, doc: V2ApiDoc): V2ApiDoc {
  const endpoint = doc.protocolType === 'WEBSOCKET' ? websocketApiEndpoint(config, doc.apiId) : apiEndpoint(config, doc.apiId);
  return { ...doc, apiEndpoint: endpoint };
}
