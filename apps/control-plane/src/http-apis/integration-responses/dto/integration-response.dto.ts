import type { V2IntegrationResponseDoc } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';
import { defined, type Fields } from '../../common/fields';

export type IntegrationResponsePatch = Partial<Omit<V2IntegrationResponseDoc, 'integrationResponseId'>>;

export function readIntegrationResponsePatch(body: Fields, create: boolean): IntegrationResponsePatch {
  const patch: IntegrationResponsePatch = defined({
    integrationResponseKey: body.string('integrationResponseKey', { required: create }),
    responseTemplates: body.stringMap('responseTemplates'),
    templateSelectionExpression: body.string('templateSelectionExpression'),
    contentHandlingStrategy: body.oneOf('contentHandlingStrategy', ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const),
    responseParameters: body.stringMap('responseParameters'),
  });
  const key = patch.integrationResponseKey;
  // `$default` or a regular expression between slashes matched against the backend status, e.g. `/4\d\d/`.
  if (key !== undefined && key !== '$default') {
    const match = /^\/(.+)\/$/.exec(key);
    if (!match) throw badRequest(`Invalid value for 'integrationResponseKey': ${key} must be $default or /regex/`);
    try {
      new RegExp(match[1]);
    } catch {
      throw badRequest(`Invalid value for 'integrationResponseKey': ${key} is not a valid regular expression`);
    }
  }
  for (const paramKey of Object.keys(patch.responseParameters ?? {})) {
    if (!/^method\.response\.header\.[^\s]+$/.test(paramKey)) {
      throw badRequest(`Invalid key in 'responseParameters': ${paramKey} must be method.response.header.{name}`);
    }
  }
  return patch;
}
