import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule } from '@app/config';
import { HealthModule } from '@app/health';
import { RUNTIME, type Runtime } from '@app/platform';
import { AwsErrorFilter } from './common/aws-error.filter';
import { DeploymentsModule } from './deployments/deployments.module';
import { CONTROL_PLANE_FEATURES } from './control-plane.features';

@Global()
@Module({})
class RuntimeModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return { module: RuntimeModule, providers: [{ provide: RUNTIME, useValue: runtime }], exports: [RUNTIME] };
  }
}

/** Management REST (AWS wire protocol), function registry, deployments, console, metrics API. */
@Module({})
export class ControlPlaneModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [
        ConfigModule.forRoot(runtime.config),
        RuntimeModule.forRoot(runtime),
        HealthModule.forRoot(runtime.readiness),
        DeploymentsModule,
        ...CONTROL_PLANE_FEATURES,
      ],
      providers: [{ provide: APP_FILTER, useClass: AwsErrorFilter }],
    };
  }
}
