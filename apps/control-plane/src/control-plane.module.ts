import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { HealthModule } from '@app/health';
import { RuntimeModule, type Runtime } from '@app/platform';
import { AdminAuthGuard } from './admin-auth/admin-auth.guard';
import { AwsErrorFilter } from './common/aws-error.filter';
import { DeploymentsModule } from './deployments/deployments.module';
import { CONTROL_PLANE_FEATURES } from './control-plane.features';

/** Management REST (AWS wire protocol), function registry, deployments, console, metrics API. */
@Module({})
export class ControlPlaneModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        HealthModule.forRoot(runtime.readiness),
        DeploymentsModule,
        ...CONTROL_PLANE_FEATURES,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AwsErrorFilter },
        { provide: APP_GUARD, useClass: AdminAuthGuard },
      ],
    };
  }
}
