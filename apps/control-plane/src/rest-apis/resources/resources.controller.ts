import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { ResourcesService } from './resources.service';

@Controller('restapis/:restApiId/resources')
export class ResourcesController {
  constructor(private readonly resources: ResourcesService) {}

  @Post(':parentId')
  @HttpCode(201)
  create(@Param('restApiId') apiId: string, @Param('parentId') parentId: string, @Body() body: Buffer) {
    return this.resources.create(apiId, parentId, parseJsonBody(body));
  }

  @Get()
  list(@Param('restApiId') apiId: string, @Query() query: { position?: string; limit?: string; embed?: unknown }) {
    return this.resources.list(apiId, query);
  }

  @Get(':resourceId')
  get(@Param('restApiId') apiId: string, @Param('resourceId') resourceId: string, @Query('embed') embed: unknown) {
    return this.resources.get(apiId, resourceId, embed);
  }

  @Patch(':resourceId')
  update(@Param('restApiId') apiId: string, @Param('resourceId') resourceId: string, @Body() body: Buffer) {
    return this.resources.update(apiId, resourceId, parseJsonBody(body));
  }

  @Delete(':resourceId')
  @HttpCode(202)
  delete(@Param('restApiId') apiId: string, @Param('resourceId') resourceId: string) {
    return this.resources.delete(apiId, resourceId);
  }
}
