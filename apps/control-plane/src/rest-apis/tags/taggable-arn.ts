/**
 * The `apigateway` (v1) resources TagResource, UntagResource and GetTags accept here, named by ARN:
 * `arn:aws:apigateway:{region}::/restapis/{id}`, `.../restapis/{id}/stages/{stageName}`, `::/apikeys/{id}` and
 * `::/usageplans/{id}`.
 */
export type TaggableResource =
  | { kind: 'restapi'; apiId: string }
  | { kind: 'stage'; apiId: string; stageName: string }
  | { kind: 'apikey'; keyId: string }
  | { kind: 'usageplan'; usagePlanId: string };

const ARN = /^arn:aws[\w-]*:apigateway:[a-z0-9-]+::\/(.+)$/;
const PATHS: Array<[RegExp, (m: RegExpExecArray) => TaggableResource]> = [
  [/^restapis\/([^/]+)$/, (m) => ({ kind: 'restapi', apiId: m[1] })],
  [/^restapis\/([^/]+)\/stages\/([^/]+)$/, (m) => ({ kind: 'stage', apiId: m[1], stageName: m[2] })],
  [/^apikeys\/([^/]+)$/, (m) => ({ kind: 'apikey', keyId: m[1] })],
  [/^usageplans\/([^/]+)$/, (m) => ({ kind: 'usageplan', usagePlanId: m[1] })],
];

/** The resource an ARN names, or undefined when it is not one of the taggable `apigateway` resources. */
export function parseTaggableArn(arn: string): TaggableResource | undefined {
  const path = ARN.exec(arn)?.[1];
  if (path === undefined) return undefined;
  for (const [pattern, build] of PATHS) {
    const m = pattern.exec(path);
    if (m) return build(m);
  }
  return undefined;
}
