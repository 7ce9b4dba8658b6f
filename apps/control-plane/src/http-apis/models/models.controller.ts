import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ListQuery } from '../common/pagination';
import { ModelsService } from './models.service';

@Controller('v2/apis/:apiId/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Post() create(@Param('apiId') apiId: string, @Body() body: Buffer) { return this.models.create(apiId, body); }
  @Get() list(@Param('apiId') apiId: string, @Query() query: ListQuery) { return this.models.list(apiId, query); }
  @Get(':modelId') get(@Param('apiId') apiId: string, @Param('modelId') id: string) { return this.models.get(apiId, id); }
  @Get(':modelId/template') template(@Param('apiId') apiId: string, @Param('modelId') id: string) { return this.models.template(apiId, id); }
  @Patch(':modelId') update(@Param('apiId') apiId: string, @Param('modelId') id: string, @Body() body: Buffer) { return this.models.update(apiId, id, body); }
  @Delete(':modelId') @HttpCode(204) remove(@Param('apiId') apiId: string, @Param('modelId') id: string) { return this.models.remove(apiId, id); }
}
