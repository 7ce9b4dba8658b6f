import { DataSource } from 'typeorm';
import { ActiveStageLoader } from './active-stage.loader';
import { ApiKeysRepository } from './repositories/api-keys.repository';
import { ApiComponentsRepository } from './repositories/api-components.repository';
import { ApisRepository } from './repositories/apis.repository';
import { DeploymentsRepository } from './repositories/deployments.repository';
import { FunctionCodeRepository, FunctionsRepository } from './repositories/functions.repository';
import { StagesRepository } from './repositories/stages.repository';
import { UsagePlansRepository } from './repositories/usage-plans.repository';

/** The repositories over one DataSource; shared by every app in the all-in-one process. */
export class Store {
  readonly apis: ApisRepository;
  readonly components: ApiComponentsRepository;
  readonly stages: StagesRepository;
  readonly deployments: DeploymentsRepository;
  readonly functions: FunctionsRepository;
  readonly functionCode: FunctionCodeRepository;
  readonly apiKeys: ApiKeysRepository;
  readonly usagePlans: UsagePlansRepository;
  readonly activeStages: ActiveStageLoader;

  constructor(readonly dataSource: DataSource) {
    this.apis = new ApisRepository(dataSource);
    this.components = new ApiComponentsRepository(dataSource);
    this.stages = new StagesRepository(dataSource);
    this.deployments = new DeploymentsRepository(dataSource);
    this.functions = new FunctionsRepository(dataSource);
    this.functionCode = new FunctionCodeRepository(dataSource);
    this.apiKeys = new ApiKeysRepository(dataSource);
    this.usagePlans = new UsagePlansRepository(dataSource);
    this.activeStages = new ActiveStageLoader(this.stages, this.deployments);
  }

  /** True when the database answers a trivial query (readiness). */
  async ping(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
