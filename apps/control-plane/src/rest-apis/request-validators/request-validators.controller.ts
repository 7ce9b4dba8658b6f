import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { parseJsonBody } from '../shared/request-body';
import { RequestValidatorsService } from './request-validators.service';

@Controller('restapis/:restApiId/requestvalidators')
export class RequestValidatorsController {
  constructor(private readonly validators: RequestValidatorsService) {}

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') apiId: string, @Body() body: Buffer) {
    return this.validators.create(apiId, parseJsonBody(body));
  }

  @Get()
  list(@Param('restApiId') apiId: string, @Query() query: { position?: string; limit?: string }) {
    return this.validators.list(apiId, query);
  }

  @Get(':requestValidatorId')
  get(@Param('restApiId') apiId: string, @Param('requestValidatorId') id: string) {
    return this.validators.get(apiId, id);
  }

  @Patch(':requestValidatorId')
  update(@Param('restApiId') apiId: string, @Param('requestValidatorId') id: string, @Body() body: Buffer) {
    return this.validators.update(apiId, id, parseJsonBody(body));
  }

  @Delete(':requestValidatorId')
  @HttpCode(202)
  delete(@Param('restApiId') apiId: string, @Param('requestValidatorId') id: string) {
    return this.validators.delete(apiId, id);
  }
}
