import type { CompiledStage } from '../registry/compiled-stage';
import { recordPairs, recordToken } from '@app/contracts';
import { jsonString, jsonStringMap } from './json-text';

/** The event members that are the same for every request of a stage, as JSON text written once per compiled stage. */
export interface StageFragments {
  /** `"accountId":…,"apiId":…` */
  ids: string;
  /** `"stage":…` */
  stage: string;
  /** The stage variables as a JSON object, or null when the stage has none. */
  variables: string | null;
  /** The same for an event record (contracts' event-record.ts): accountId and apiId tokens. */
  recordIds: string;
  /** The stage name's token. */
  recordStage: string;
  /** The stage variables' count and pairs, or `-1,` when the stage has none. */
  recordVariables: string;
}

const fragments = new WeakMap<CompiledStage, StageFragments>();

export function stageFragments(stage: CompiledStage): StageFragments {
  let text = fragments.get(stage);
  if (text === undefined) {
    text = {
      ids: '"accountId":' + jsonString(stage.accountId) + ',"apiId":' + jsonString(stage.apiId),
      stage: '"stage":' + jsonString(stage.stageName),
      variables: stage.stageVariables ? jsonStringMap(stage.stageVariables) : null,
      recordIds: recordToken(stage.accountId) + recordToken(stage.apiId),
      recordStage: recordToken(stage.stageName),
      recordVariables: recordPairs(stage.stageVariables, '-1,'),
    };
    fragments.set(stage, text);
  }
  return text;
}
