import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ListQuery } from '../common/pagination';
import { ApisService } from './apis.service';

/** CreateApi, GetApi(s), UpdateApi, DeleteApi, DeleteCorsConfiguration. */
@Controller('v2/apis')
export class ApisController {
  constructor(private readonly apis: ApisService) {}

  @Post() create(@Body() body: Buffer) { return this.apis.create(body); }
  @Get() list(@Query() query: ListQuery) { return this.apis.list(query); }
  @Get(':apiId') get(@Param('apiId') apiId: string) { return this.apis.get(apiId); }
  @Patch(':apiId') update(@Param('apiId') apiId: string, @Body() body: Buffer) { return this.apis.update(apiId, body); }
  @Delete(':apiId') @HttpCode(204) remove(@Param('apiId') apiId: string) { return this.apis.remove(apiId); }
  @Delete(':apiId/cors') @HttpCode(204) deleteCors(@Param('apiId') apiId: string) { return this.apis.deleteCors(apiId); }
}
