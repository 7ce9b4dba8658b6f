import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module';
import { ApisController } from './apis/apis.controller';
import { ApisService } from './apis/apis.service';
import { AuthorizersController } from './authorizers/authorizers.controller';
import { AuthorizersService } from './authorizers/authorizers.service';
import { AutoDeployService } from './common/auto-deploy.service';
import { HttpApiLookup } from './common/http-api.lookup';
import { ImportExportController } from './import-export/import-export.controller';
import { ImportExportService } from './import-export/import-export.service';
import { HttpDeploymentsController } from './deployments/deployments.controller';
import { HttpDeploymentsService } from './deployments/deployments.service';
import { IntegrationResponsesController } from './integration-responses/integration-responses.controller';
import { IntegrationResponsesService } from './integration-responses/integration-responses.service';
import { IntegrationsController } from './integrations/integrations.controller';
import { IntegrationsService } from './integrations/integrations.service';
import { ModelsController } from './models/models.controller';
import { ModelsService } from './models/models.service';
import { RouteResponsesController } from './route-responses/route-responses.controller';
import { RouteResponsesService } from './route-responses/route-responses.service';
import { RoutesController } from './routes/routes.controller';
import { RoutesService } from './routes/routes.service';
import { StagesController } from './stages/stages.controller';
import { StagesService } from './stages/stages.service';
import { TagsController } from './tags/tags.controller';
import { TagsService } from './tags/tags.service';

/** The `apigatewayv2` management API: HTTP and WebSocket APIs and everything under them. */
@Module({
  imports: [DeploymentsModule],
  controllers: [
    ApisController,
    RoutesController,
    IntegrationsController,
    AuthorizersController,
    ModelsController,
    RouteResponsesController,
    IntegrationResponsesController,
    StagesController,
    HttpDeploymentsController,
    TagsController,
    ImportExportController,
  ],
  providers: [
    HttpApiLookup,
    AutoDeployService,
    ApisService,
    RoutesService,
    IntegrationsService,
    AuthorizersService,
    ModelsService,
    RouteResponsesService,
    IntegrationResponsesService,
    StagesService,
    HttpDeploymentsService,
    TagsService,
    ImportExportService,
  ],
  exports: [ImportExportService, StagesService],
})
export class HttpApisModule {}
