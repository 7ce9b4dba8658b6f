import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module';
import { UsagePlansModule } from '../usage-plans/usage-plans.module';
import { AuthorizersController } from './authorizers/authorizers.controller';
import { AuthorizersService } from './authorizers/authorizers.service';
import { DeploymentsController } from './deployments/deployments.controller';
import { DeploymentsService } from './deployments/deployments.service';
import { GatewayResponsesController } from './gateway-responses/gateway-responses.controller';
import { GatewayResponsesService } from './gateway-responses/gateway-responses.service';
import { ImportService } from './import/import.service';
import { IntegrationsController } from './integrations/integrations.controller';
import { IntegrationsService } from './integrations/integrations.service';
import { MethodsController } from './methods/methods.controller';
import { MethodsService } from './methods/methods.service';
import { ModelsController } from './models/models.controller';
import { ModelsService } from './models/models.service';
import { RequestValidatorsController } from './request-validators/request-validators.controller';
import { RequestValidatorsService } from './request-validators/request-validators.service';
import { ResourcesController } from './resources/resources.controller';
import { ResourcesService } from './resources/resources.service';
import { RestApisController } from './rest-apis/rest-apis.controller';
import { RestApisService } from './rest-apis/rest-apis.service';
import { RestApiLookup } from './shared/rest-api.lookup';
import { StagesController } from './stages/stages.controller';
import { StagesService } from './stages/stages.service';
import { TagsController } from './tags/tags.controller';
import { TagsService } from './tags/tags.service';

/** The AWS `apigateway` (v1) management API for REST APIs, except API keys, usage plans and client certificates. */
@Module({
  // UsagePlansModule (with the API keys): TagResource also takes usage-plan and API-key ARNs.
  imports: [DeploymentsModule, UsagePlansModule],
  controllers: [
    RestApisController,
    ResourcesController,
    MethodsController,
    IntegrationsController,
    ModelsController,
    RequestValidatorsController,
    GatewayResponsesController,
    AuthorizersController,
    DeploymentsController,
    StagesController,
    TagsController,
  ],
  providers: [
    RestApiLookup,
    RestApisService,
    ResourcesService,
    MethodsService,
    IntegrationsService,
    ModelsService,
    RequestValidatorsService,
    GatewayResponsesService,
    AuthorizersService,
    DeploymentsService,
    StagesService,
    TagsService,
    ImportService,
  ],
})
export class RestApisModule {}
