import { Injectable } from '@nestjs/common';
import type { RestMethodDoc, RestResourceDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { badRequest, conflict, notFound } from '../../common/aws-error';
import { applyPatchOperations, type PatchRule } from '../../common/patch-operations';
import { Input } from '../shared/input';
import { paginate, type Page } from '../shared/pagination';
import { RestApiLookup } from '../shared/rest-api.lookup';

/** A literal part, `{name}`, or the greedy `{name+}` (API reference, "CreateResource"). */
const PATH_PART = /^(?:[a-zA-Z0-9._:@$!&'*,;=-]+|\{[a-zA-Z0-9._-]+\+?\})$/;

const RESOURCE_PATCH: PatchRule[] = [
  { path: '/pathPart', type: 'string', ops: ['replace'] },
  { path: '/parentId', type: 'string', ops: ['replace'] },
];

/** CreateResource, GetResource(s), UpdateResource, DeleteResource: the path tree of a REST API. */
@Injectable()
export class ResourcesService {
  constructor(private readonly lookup: RestApiLookup) {}

  async create(apiId: string, parentId: string, body: Record<string, unknown>): Promise<RestResourceDoc> {
    await this.lookup.api(apiId);
    const pathPart = new Input(body).string('pathPart', true);
    const resources = await this.lookup.resources(apiId);
    const resource: RestResourceDoc = { id: newResourceId(10), parentId, pathPart, path: '' };
    placeInTree(resource, resources, parentId);
    return this.lookup.saveResource(apiId, resource);
  }

  async get(apiId: string, resourceId: string, embed: unknown): Promise<RestResourceDoc> {
    return view(await this.lookup.resource(apiId, resourceId), embedsMethods(embed));
  }

  async list(apiId: string, query: { position?: string; limit?: string; embed?: unknown }): Promise<Page<RestResourceDoc>> {
    await this.lookup.api(apiId);
    const resources = (await this.lookup.resources(apiId)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const withMethods = embedsMethods(query.embed);
    return paginate(
      resources.map((resource) => view(resource, withMethods)),
      query,
    );
  }

  async update(apiId: string, resourceId: string, body: Record<string, unknown>): Promise<RestResourceDoc> {
    const current = await this.lookup.resource(apiId, resourceId);
    if (!current.parentId) throw badRequest('Cannot update the root resource');
    const patched = applyPatchOperations(current, body.patchOperations, RESOURCE_PATCH);
    const resources = await this.lookup.resources(apiId);
    const others = resources.filter((resource) => resource.id !== resourceId);
    if (subtree(resources, resourceId).some((resource) => resource.id === patched.parentId)) {
      throw badRequest('Invalid parentId: a resource cannot be moved under itself or its descendants');
    }
    placeInTree(patched, others, patched.parentId!);
    await this.lookup.saveResource(apiId, patched);
    // Descendants' paths follow their ancestor's new path.
    const byId = new Map([...others, patched].map((resource) => [resource.id, resource]));
    for (const child of subtree(resources, resourceId).slice(1)) {
      const moved = { ...child, path: joinPath(byId.get(child.parentId!)!.path, child.pathPart!) };
      byId.set(moved.id, moved);
      await this.lookup.saveResource(apiId, moved);
    }
    return view(patched, false);
  }

  /** Deletes the resource and everything under it, as AWS does. */
  async delete(apiId: string, resourceId: string): Promise<void> {
    const resource = await this.lookup.resource(apiId, resourceId);
    if (!resource.parentId) throw badRequest('Cannot delete root resource');
    for (const doomed of subtree(await this.lookup.resources(apiId), resourceId).reverse()) {
      await this.lookup.store.components.delete(apiId, 'resource', doomed.id);
    }
  }
}

/** Validates `resource`'s pathPart against its new parent and siblings, and computes its path. */
function placeInTree(resource: RestResourceDoc, resources: RestResourceDoc[], parentId: string): void {
  const pathPart = resource.pathPart ?? '';
  if (!PATH_PART.test(pathPart)) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
  const parent = resources.find((candidate) => candidate.id === parentId);
  if (!parent) throw notFound('Invalid Resource identifier specified');
  if (parent.pathPart?.endsWith('+}')) throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.path}`);
  const siblings = resources.filter((candidate) => candidate.parentId === parentId && candidate.id !== resource.id);
  if (siblings.some((sibling) => sibling.pathPart === pathPart)) {
    throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  }
  const variable = siblings.find((sibling) => sibling.pathPart?.startsWith('{'));
  if (pathPart.startsWith('{') && variable) {
    throw badRequest(`A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`);
  }
  if (pathPart.startsWith('{')) {
    const name = pathPart.replace(/[{}+]/g, '');
    if (parent.path.split('/').some((part) => part.replace(/[{}+]/g, '') === name && part.startsWith('{'))) {
      throw badRequest(`Resource's path part must be unique within a path: {${name}} is already used by ${parent.path}`);
    }
  }
  resource.parentId = parentId;
  resource.path = joinPath(parent.path, pathPart);
}

function joinPath(parentPath: string, pathPart: string): string {
  return parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`;
}

/** The resource and all its descendants, parents before children. */
function subtree(resources: RestResourceDoc[], rootId: string): RestResourceDoc[] {
  const result = resources.filter((resource) => resource.id === rootId);
  for (let i = 0; i < result.length; i++) {
    result.push(...resources.filter((resource) => resource.parentId === result[i].id));
  }
  return result;
}

function embedsMethods(embed: unknown): boolean {
  const values = Array.isArray(embed) ? embed : typeof embed === 'string' ? embed.split(',') : [];
  return values.some((value) => String(value).trim() === 'methods');
}

/** Without `embed=methods` AWS lists only the method names, each as an empty object. */
function view(resource: RestResourceDoc, withMethods: boolean): RestResourceDoc {
  const methods = resource.resourceMethods;
  if (!methods || !Object.keys(methods).length) {
    const { resourceMethods: _omit, ...rest } = resource;
    return rest;
  }
  if (withMethods) return resource;
  return { ...resource, resourceMethods: Object.fromEntries(Object.keys(methods).map((m) => [m, {} as RestMethodDoc])) };
}
