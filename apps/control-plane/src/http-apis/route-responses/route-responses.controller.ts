import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ListQuery } from '../common/pagination';
import { RouteResponsesService } from './route-responses.service';

@Controller('v2/apis/:apiId/routes/:routeId/routeresponses')
export class RouteResponsesController {
  constructor(private readonly responses: RouteResponsesService) {}

  @Post() create(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Body() body: Buffer) { return this.responses.create(apiId, routeId, body); }
  @Get() list(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Query() query: ListQuery) { return this.responses.list(apiId, routeId, query); }
  @Get(':id') get(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Param('id') id: string) { return this.responses.get(apiId, routeId, id); }
  @Patch(':id') update(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Param('id') id: string, @Body() body: Buffer) { return this.responses.update(apiId, routeId, id, body); }
  @Delete(':id') @HttpCode(204) remove(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Param('id') id: string) { return this.responses.remove(apiId, routeId, id); }
}
