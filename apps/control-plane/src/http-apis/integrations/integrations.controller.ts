import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ListQuery } from '../common/pagination';
import { IntegrationsService } from './integrations.service';

@Controller('v2/apis/:apiId/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Post() create(@Param('apiId') apiId: string, @Body() body: Buffer) { return this.integrations.create(apiId, body); }
  @Get() list(@Param('apiId') apiId: string, @Query() query: ListQuery) { return this.integrations.list(apiId, query); }
  @Get(':integrationId') get(@Param('apiId') apiId: string, @Param('integrationId') id: string) { return this.integrations.get(apiId, id); }
  @Patch(':integrationId') update(@Param('apiId') apiId: string, @Param('integrationId') id: string, @Body() body: Buffer) { return this.integrations.update(apiId, id, body); }
  @Delete(':integrationId') @HttpCode(204) remove(@Param('apiId') apiId: string, @Param('integrationId') id: string) { return this.integrations.remove(apiId, id); }
}
