import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ListQuery } from '../common/pagination';
import { StagesService } from './stages.service';

/** Stages. ResetAuthorizersCache is not served: gateway nodes hold authorizer caches this API cannot clear yet. */
@Controller('v2/apis/:apiId/stages')
export class StagesController {
  constructor(private readonly stages: StagesService) {}

  @Post() create(@Param('apiId') apiId: string, @Body() body: Buffer) { return this.stages.create(apiId, body); }
  @Get() list(@Param('apiId') apiId: string, @Query() query: ListQuery) { return this.stages.list(apiId, query); }
  @Get(':stageName') get(@Param('apiId') apiId: string, @Param('stageName') name: string) { return this.stages.get(apiId, name); }
  @Patch(':stageName') update(@Param('apiId') apiId: string, @Param('stageName') name: string, @Body() body: Buffer) { return this.stages.update(apiId, name, body); }
  @Delete(':stageName') @HttpCode(204) remove(@Param('apiId') apiId: string, @Param('stageName') name: string) { return this.stages.remove(apiId, name); }
  @Delete(':stageName/routesettings/:routeKey') @HttpCode(204)
  deleteRouteSettings(@Param('apiId') apiId: string, @Param('stageName') name: string, @Param('routeKey') routeKey: string) { return this.stages.deleteRouteSettings(apiId, name, routeKey); }
  @Delete(':stageName/accesslogsettings') @HttpCode(204)
  deleteAccessLogSettings(@Param('apiId') apiId: string, @Param('stageName') name: string) { return this.stages.deleteAccessLogSettings(apiId, name); }
}
