import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { TagsService } from './tags.service';

/** TagResource, UntagResource, GetTags on v2 API and stage ARNs (the ARN is one url-encoded path segment). */
@Controller('v2/tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get(':resourceArn') get(@Param('resourceArn') arn: string) { return this.tags.get(arn); }
  @Post(':resourceArn') @HttpCode(201) tag(@Param('resourceArn') arn: string, @Body() body: Buffer) { return this.tags.tag(arn, body); }
  @Delete(':resourceArn') @HttpCode(204) untag(@Param('resourceArn') arn: string, @Query('tagKeys') tagKeys: string | string[]) { return this.tags.untag(arn, tagKeys); }
}
