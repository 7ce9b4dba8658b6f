import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import type { Runtime } from './runtime';
import { RUNTIME } from './runtime.token';

/** Makes the process's Runtime (and its config) injectable in every module of an app. */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [ConfigModule.forRoot(runtime.config)],
      providers: [{ provide: RUNTIME, useValue: runtime }],
      exports: [RUNTIME, ConfigModule],
    };
  }
}
