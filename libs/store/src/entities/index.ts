import { ApiEntity } from './api.entity';
import { ApiComponentEntity } from './api-component.entity';
import { StageEntity } from './stage.entity';
import { DeploymentEntity } from './deployment.entity';
import { ApiKeyEntity } from './api-key.entity';
import { UsagePlanEntity, UsagePlanKeyEntity } from './usage-plan.entity';
import { FunctionCodeEntity, FunctionEntity } from './function.entity';

export * from './api.entity';
export * from './api-component.entity';
export * from './stage.entity';
export * from './deployment.entity';
export * from './api-key.entity';
export * from './usage-plan.entity';
export * from './function.entity';

export const STORE_ENTITIES = [
  ApiEntity,
  ApiComponentEntity,
  StageEntity,
  DeploymentEntity,
  ApiKeyEntity,
  UsagePlanEntity,
  UsagePlanKeyEntity,
  FunctionEntity,
  FunctionCodeEntity,
];
