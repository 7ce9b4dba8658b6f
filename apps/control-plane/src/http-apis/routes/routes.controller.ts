import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ListQuery } from '../common/pagination';
import { RoutesService } from './routes.service';

@Controller('v2/apis/:apiId/routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Post() create(@Param('apiId') apiId: string, @Body() body: Buffer) { return this.routes.create(apiId, body); }
  @Get() list(@Param('apiId') apiId: string, @Query() query: ListQuery) { return this.routes.list(apiId, query); }
  @Get(':routeId') get(@Param('apiId') apiId: string, @Param('routeId') routeId: string) { return this.routes.get(apiId, routeId); }
  @Patch(':routeId') update(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Body() body: Buffer) { return this.routes.update(apiId, routeId, body); }
  @Delete(':routeId') @HttpCode(204) remove(@Param('apiId') apiId: string, @Param('routeId') routeId: string) { return this.routes.remove(apiId, routeId); }
  @Delete(':routeId/requestparameters/:key') @HttpCode(204)
  deleteRequestParameter(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Param('key') key: string) { return this.routes.deleteRequestParameter(apiId, routeId, key); }
}
