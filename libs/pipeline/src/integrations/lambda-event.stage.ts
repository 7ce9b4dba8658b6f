import type { CompiledStage } from '../registry/compiled-stage';
import { jsonString, jsonStringMap } from './json-text';

/** The event members that are the same for every request of a stage, as JSON text written once per compiled stage. */
export interface StageFragments {
  /** `"accountId":…,"apiId":…` */
  ids: string;
  /** `"stage":…` */
  stage: string;
  /** The stage variables as a JSON object, or null when the stage has none. */
  variables: string | null;
}

const fragments = new WeakMap<CompiledStage, StageFragments>();

export function stageFragments(stage: CompiledStage): StageFragments {
  let text = fragments.get(stage);
  if (text === undefined) {
    text = {
      ids: '"accountId":' + jsonString(stage.accountId) + ',"apiId":' + jsonString(stage.apiId),
      stage: '"stage":' + jsonString(stage.stageName),
      variables: stage.stageVariables ? jsonStringMap(stage.stageVariables) : null,
    };
    fragments.set(stage, text);
  }
  return text;
}
