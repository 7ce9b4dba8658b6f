import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ImportService } from '../import/import.service';
import { parseJsonBody } from '../shared/request-body';
import { StagesService } from './stages.service';

@Controller('restapis/:restApiId/stages')
export class StagesController {
  constructor(
    private readonly stages: StagesService,
    private readonly exports: ImportService,
  ) {}

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') apiId: string, @Body() body: Buffer) {
    return this.stages.create(apiId, parseJsonBody(body));
  }

  @Get()
  list(@Param('restApiId') apiId: string, @Query('deploymentId') deploymentId?: string) {
    return this.stages.list(apiId, deploymentId);
  }

  @Get(':stageName')
  get(@Param('restApiId') apiId: string, @Param('stageName') stageName: string) {
    return this.stages.get(apiId, stageName);
  }

  @Patch(':stageName')
  update(@Param('restApiId') apiId: string, @Param('stageName') stageName: string, @Body() body: Buffer) {
    return this.stages.update(apiId, stageName, parseJsonBody(body));
  }

  @Delete(':stageName')
  @HttpCode(202)
  delete(@Param('restApiId') apiId: string, @Param('stageName') stageName: string) {
    return this.stages.delete(apiId, stageName);
  }

  /** GetExport: the stage's deployed definition as OpenAPI; the document is the raw response body. */
  @Get(':stageName/exports/:exportType')
  async export(
    @Param() p: { restApiId: string; stageName: string; exportType: string },
    @Headers('accept') accept: string | undefined,
    @Query() query: Record<string, string | undefined>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.exports.exportStage(p.restApiId, p.stageName, p.exportType, accept, query);
    void reply.header('content-type', result.contentType).header('content-disposition', result.disposition);
    // A Buffer goes out as is; a string would get `; charset=utf-8` appended to the content type.
    return Buffer.from(result.body, 'utf8');
  }
}
