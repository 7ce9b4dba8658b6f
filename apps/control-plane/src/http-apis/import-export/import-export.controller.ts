import { Body, Controller, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ImportExportService, type ExportQuery, type ImportQuery } from './import-export.service';

/** ImportApi (PUT /v2/apis), ReimportApi (PUT /v2/apis/{apiId}), ExportApi. PUT answers 201, as the SDK expects. */
@Controller('v2/apis')
export class ImportExportController {
  constructor(private readonly io: ImportExportService) {}

  @Put() @HttpCode(201) import(@Body() body: Buffer, @Query() query: ImportQuery) { return this.io.importApi(body, query); }
  @Put(':apiId') @HttpCode(201) reimport(@Param('apiId') apiId: string, @Body() body: Buffer, @Query() query: ImportQuery) { return this.io.reimportApi(apiId, body, query); }

  @Get(':apiId/exports/:specification')
  async export(@Param('apiId') apiId: string, @Param('specification') spec: string, @Query() query: ExportQuery, @Res({ passthrough: true }) res: FastifyReply) {
    const out = await this.io.exportApi(apiId, spec, query);
    res.header('content-type', out.contentType);
    return out.body;
  }
}
