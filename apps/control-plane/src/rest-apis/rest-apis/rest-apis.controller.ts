import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { RestApisService } from './rest-apis.service';
import { ImportService } from '../import/import.service';

type ListQuery = { position?: string; limit?: string };
type ImportQuery = { mode?: string; failonwarnings?: string } & Record<string, string | undefined>;

/** CreateRestApi / ImportRestApi, GetRestApi(s), UpdateRestApi, PutRestApi, DeleteRestApi. */
@Controller('restapis')
export class RestApisController {
  constructor(
    private readonly restApis: RestApisService,
    private readonly imports: ImportService,
  ) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: Buffer, @Query() query: ImportQuery) {
    return query.mode === 'import' ? this.imports.importApi(body, query) : this.restApis.create(parseJsonBody(body));
  }

  @Get()
  list(@Query() query: ListQuery) {
    return this.restApis.list(query);
  }

  @Get(':restApiId')
  get(@Param('restApiId') apiId: string) {
    return this.restApis.get(apiId);
  }

  @Patch(':restApiId')
  update(@Param('restApiId') apiId: string, @Body() body: Buffer) {
    return this.restApis.update(apiId, parseJsonBody(body));
  }

  @Put(':restApiId')
  put(@Param('restApiId') apiId: string, @Body() body: Buffer, @Query() query: ImportQuery) {
    return this.imports.putApi(apiId, body, query);
  }

  @Delete(':restApiId')
  @HttpCode(202)
  delete(@Param('restApiId') apiId: string) {
    return this.restApis.delete(apiId);
  }
}
