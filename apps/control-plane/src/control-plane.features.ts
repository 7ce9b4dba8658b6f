import type { Type } from '@nestjs/common';
import { FunctionsModule } from './functions/functions.module';
import { LocalAppModule } from './local-app/local-app.module';
import { HttpApisModule } from './http-apis/http-apis.module';
import { RestApisModule } from './rest-apis/rest-apis.module';
import { UsagePlansModule } from './usage-plans/usage-plans.module';

/**
 * The management API's feature modules. Each is one AWS API family in its own folder (e.g. `http-apis/` for
 * `apigatewayv2`, `rest-apis/` for `apigateway`, `functions/` for the Lambda API); add new ones here.
 */
export const CONTROL_PLANE_FEATURES: Type[] = [
  FunctionsModule,
  HttpApisModule,
  RestApisModule,
  UsagePlansModule,
  LocalAppModule,
];
