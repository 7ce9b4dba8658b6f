import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ListQuery } from '../common/pagination';
import { IntegrationResponsesService } from './integration-responses.service';

@Controller('v2/apis/:apiId/integrations/:integrationId/integrationresponses')
export class IntegrationResponsesController {
  constructor(private readonly responses: IntegrationResponsesService) {}

  @Post() create(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Body() body: Buffer) { return this.responses.create(apiId, integrationId, body); }
  @Get() list(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Query() query: ListQuery) { return this.responses.list(apiId, integrationId, query); }
  @Get(':id') get(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Param('id') id: string) { return this.responses.get(apiId, integrationId, id); }
  @Patch(':id') update(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Param('id') id: string, @Body() body: Buffer) { return this.responses.update(apiId, integrationId, id, body); }
  @Delete(':id') @HttpCode(204) remove(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Param('id') id: string) { return this.responses.remove(apiId, integrationId, id); }
}
