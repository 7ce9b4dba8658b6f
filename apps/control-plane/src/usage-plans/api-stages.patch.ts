import { badRequest } from '../common/aws-error';
import { unescapeSegment, type PatchOperation } from '../common/patch-operations';
import type { ApiStageDoc, ThrottleSettingsDoc } from './usage-plan.view';
import { readMethodThrottle } from './usage-plan.validator';

/**
 * UpdateUsagePlan on `/apiStages`: `add`/`remove` with value `{apiId}:{stage}`; `replace`/`remove`
 * `/apiStages/{apiId}:{stage}/throttle` (value: the JSON map); `replace`/`remove`
 * `/apiStages/{apiId}:{stage}/throttle/{resourcePath with ~1}/{httpMethod}[/rateLimit|/burstLimit]`
 * (api-gateway-create-usage-plans-with-rest-api.md). Returns the new list; the input is not modified.
 */
export function applyApiStagesPatch(current: readonly ApiStageDoc[], operations: readonly PatchOperation[]): ApiStageDoc[] {
  const stages = structuredClone(current) as ApiStageDoc[];
  for (const op of operations) {
    const segments = op.path.split('/').slice(2);
    if (segments.length === 0) {
      const [apiId, stage] = splitStage(op.value, op.path);
      const i = stages.findIndex((s) => s.apiId === apiId && s.stage === stage);
      if (op.op === 'add') {
        if (i < 0) stages.push({ apiId, stage });
      } else if (op.op === 'remove') {
        if (i < 0) throw badRequest(`Invalid API Stage {api: ${apiId}, stage: ${stage}}: not in the usage plan`);
        stages.splice(i, 1);
      } else throw badRequest(`Invalid patch operation specified. Path /apiStages supports only: [add, remove]`);
      continue;
    }
    const [apiId, stage] = splitStage(unescapeSegment(segments[0]), op.path);
    const target = stages.find((s) => s.apiId === apiId && s.stage === stage);
    if (!target) throw badRequest(`Invalid API Stage {api: ${apiId}, stage: ${stage}}: not in the usage plan`);
    if (segments[1] !== 'throttle') throw badInvalidPath(op);
    const rest = segments.slice(2);
    if (rest.length === 0) {
      if (op.op === 'remove') delete target.throttle;
      else if (op.op === 'replace' || op.op === 'add') target.throttle = readMethodThrottle(parseJson(op), `${op.path}`);
      else throw badInvalidPath(op);
      continue;
    }
    if (rest.length < 2 || rest.length > 3) throw badInvalidPath(op);
    const methodKey = `${unescapeSegment(rest[0])}/${rest[1]}`;
    readMethodThrottle({ [methodKey]: {} }, op.path);
    const throttle = (target.throttle ??= {});
    if (rest.length === 2) {
      if (op.op !== 'remove') throw badRequest(`Invalid patch operation specified. Path ${op.path} supports only: [remove]`);
      delete throttle[methodKey];
    } else {
      const member = rest[2] as keyof ThrottleSettingsDoc;
      if (member !== 'rateLimit' && member !== 'burstLimit') throw badInvalidPath(op);
      const limits = (throttle[methodKey] ??= {});
      if (op.op === 'remove') delete limits[member];
      else if (op.op === 'replace' || op.op === 'add') limits[member] = readLimit(member, op);
      else throw badInvalidPath(op);
      if (Object.keys(limits).length === 0) delete throttle[methodKey];
    }
    if (Object.keys(throttle).length === 0) delete target.throttle;
  }
  return stages;
}

function splitStage(value: string | undefined, path: string): [string, string] {
  const colon = value?.indexOf(':') ?? -1;
  if (!value || colon <= 0 || colon === value.length - 1) throw badRequest(`Invalid API Stage '${value ?? ''}' in ${path}: must be {apiId}:{stage}`);
  return [value.slice(0, colon), value.slice(colon + 1)];
}

function readLimit(member: 'rateLimit' | 'burstLimit', op: PatchOperation): number {
  const n = Number(op.value);
  const ok = op.value !== undefined && op.value.trim() !== '' && Number.isFinite(n) && n >= 0 && (member === 'rateLimit' || Number.isInteger(n));
  if (!ok) throw badRequest(`Invalid value '${op.value ?? ''}' for ${op.path}: must be a non-negative ${member === 'rateLimit' ? 'number' : 'integer'}`);
  return n;
}

function parseJson(op: PatchOperation): unknown {
  try {
    const parsed: unknown = JSON.parse(op.value ?? '');
    // The CLI sends the map JSON-encoded twice (a JSON string holding the JSON map).
    return typeof parsed === 'string' ? JSON.parse(parsed) : parsed;
  } catch {
    throw badRequest(`Invalid value for ${op.path}: must be a JSON map of {resourcePath}/{httpMethod} to throttle settings`);
  }
}

function badInvalidPath(op: PatchOperation) {
  return badRequest(`Invalid patch path  '${op.path}' specified for op '${op.op}'`);
}
