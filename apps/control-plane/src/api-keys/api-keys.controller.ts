import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { parseJsonBody } from '../rest-apis/shared/request-body';
import { ApiKeysService } from './api-keys.service';

type ImportQuery = { mode?: string; format?: string; failonwarnings?: string };

/** CreateApiKey / ImportApiKeys, GetApiKey(s), UpdateApiKey, DeleteApiKey. */
@Controller('apikeys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: Buffer, @Query() query: ImportQuery) {
    return query.mode === 'import' ? this.keys.import(body, query) : this.keys.create(parseJsonBody(body));
  }

  @Get()
  list(@Query() query: Record<string, string | undefined>) {
    return this.keys.list(query);
  }

  @Get(':apiKey')
  get(@Param('apiKey') id: string, @Query('includeValue') includeValue?: string) {
    return this.keys.get(id, includeValue === 'true');
  }

  @Patch(':apiKey')
  update(@Param('apiKey') id: string, @Body() body: Buffer) {
    return this.keys.update(id, parseJsonBody(body));
  }

  @Delete(':apiKey')
  @HttpCode(202)
  delete(@Param('apiKey') id: string) {
    return this.keys.delete(id);
  }
}
