import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import type { FunctionRecord } from '@app/contracts';
import { CreateFunctionInput, parseJsonBody } from './dto/function-input';
import { FunctionsService } from './functions.service';
import { invalidParameter } from './lambda-errors';

/** Lambda API (2015-03-31): CreateFunction, GetFunction, ListFunctions, Update*, DeleteFunction. */
@Controller()
export class FunctionsController {
  constructor(private readonly functions: FunctionsService) {}

  @Post('2015-03-31/functions')
  @HttpCode(201)
  create(@Body() body: Buffer) {
    return this.functions.create(parseJsonBody(body) as unknown as CreateFunctionInput);
  }

  @Get('2015-03-31/functions')
  async list(@Query('Marker') marker?: string, @Query('MaxItems') maxItems?: string) {
    return paginate(await this.functions.list(), marker, maxItems);
  }

  @Get('2015-03-31/functions/:name')
  async get(@Param('name') name: string) {
    return toGetFunctionResponse(await this.functions.get(name));
  }

  @Get('2015-03-31/functions/:name/configuration')
  async getConfiguration(@Param('name') name: string) {
    return (await this.functions.get(name)).configuration;
  }

  @Put('2015-03-31/functions/:name/code')
  updateCode(@Param('name') name: string, @Body() body: Buffer) {
    return this.functions.updateCode(name, parseJsonBody(body).ZipFile as string | undefined);
  }

  @Put('2015-03-31/functions/:name/configuration')
  updateConfiguration(@Param('name') name: string, @Body() body: Buffer) {
    return this.functions.updateConfiguration(name, parseJsonBody(body));
  }

  @Delete('2015-03-31/functions/:name')
  @HttpCode(204)
  async delete(@Param('name') name: string) {
    await this.functions.delete(name);
  }

  @Put('2017-10-31/functions/:name/concurrency')
  async putConcurrency(@Param('name') name: string, @Body() body: Buffer) {
    const value = await this.functions.setReservedConcurrency(name, parseJsonBody(body).ReservedConcurrentExecutions);
    return { ReservedConcurrentExecutions: value };
  }

  @Get('2019-09-30/functions/:name/concurrency')
  async getConcurrency(@Param('name') name: string) {
    const record = await this.functions.get(name);
    return record.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: record.reservedConcurrency };
  }

  @Delete('2017-10-31/functions/:name/concurrency')
  @HttpCode(204)
  async deleteConcurrency(@Param('name') name: string) {
    await this.functions.clearReservedConcurrency(name);
  }
}

function toGetFunctionResponse(record: FunctionRecord) {
  return {
    Configuration: record.configuration,
    Code: { RepositoryType: record.code.kind === 'zip' ? 'S3' : 'Local' },
    ...(record.tags ? { Tags: record.tags } : {}),
    ...(record.reservedConcurrency !== undefined ? { Concurrency: { ReservedConcurrentExecutions: record.reservedConcurrency } } : {}),
  };
}

/** Lambda pages with an opaque Marker and MaxItems (1..10000); ours is the index of the next item. */
function paginate(records: FunctionRecord[], marker?: string, maxItems?: string) {
  const start = marker ? Number.parseInt(Buffer.from(marker, 'base64url').toString(), 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid Marker');
  const size = maxItems === undefined ? 50 : Number(maxItems);
  if (!Number.isInteger(size) || size < 1 || size > 10000) throw invalidParameter(`Value ${maxItems} at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`);
  const page = records.slice(start, start + size);
  const next = start + size < records.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return { Functions: page.map((r) => r.configuration), ...(next ? { NextMarker: next } : {}) };
}
