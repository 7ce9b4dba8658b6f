import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyHealthIndicator, READINESS_CHECKS } from './dependency.health-indicator';
import { HealthController } from './health.controller';
import type { ReadinessCheck } from './readiness-check';

@Module({})
export class HealthModule {
  static forRoot(checks: ReadinessCheck[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [DependencyHealthIndicator, { provide: READINESS_CHECKS, useValue: checks }],
    };
  }
}
