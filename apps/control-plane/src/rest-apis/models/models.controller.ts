import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { ModelsService } from './models.service';

@Controller('restapis/:restApiId/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') apiId: string, @Body() body: Buffer) {
    return this.models.create(apiId, parseJsonBody(body));
  }

  @Get()
  list(@Param('restApiId') apiId: string, @Query() query: { position?: string; limit?: string }) {
    return this.models.list(apiId, query);
  }

  @Get(':modelName')
  get(@Param('restApiId') apiId: string, @Param('modelName') name: string) {
    return this.models.get(apiId, name);
  }

  @Patch(':modelName')
  update(@Param('restApiId') apiId: string, @Param('modelName') name: string, @Body() body: Buffer) {
    return this.models.update(apiId, name, parseJsonBody(body));
  }

  @Delete(':modelName')
  @HttpCode(202)
  delete(@Param('restApiId') apiId: string, @Param('modelName') name: string) {
    return this.models.delete(apiId, name);
  }
}
