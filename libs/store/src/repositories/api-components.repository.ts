import { DataSource, Repository } from 'typeorm';
import { ApiComponentEntity, ApiComponentKind } from '../entities';

/** Typed access to the documents of one API: `list(apiId, 'route')`, `get(apiId, 'integration', id)`. */
export class ApiComponentsRepository {
  private readonly components: Repository<ApiComponentEntity>;

  constructor(dataSource: DataSource) {
    this.components = dataSource.getRepository(ApiComponentEntity);
  }

  async list<T>(apiId: string, kind: ApiComponentKind, parentId?: string): Promise<T[]> {
    const where = parentId === undefined ? { apiId, kind } : { apiId, kind, parentId };
    const rows = await this.components.find({ where, order: { id: 'ASC' } });
    return rows.map((row) => row.doc as T);
  }

  async get<T>(apiId: string, kind: ApiComponentKind, id: string): Promise<T | undefined> {
    const row = await this.components.findOneBy({ apiId, kind, id });
    return row ? (row.doc as T) : undefined;
  }

  async put<T>(apiId: string, kind: ApiComponentKind, id: string, doc: T, parentId: string | null = null): Promise<T> {
    await this.components.save({ apiId, kind, id, parentId, doc });
    return doc;
  }

  /** Returns whether a document was there to delete. */
  async delete(apiId: string, kind: ApiComponentKind, id: string): Promise<boolean> {
    const result = await this.components.delete({ apiId, kind, id });
    return (result.affected ?? 0) > 0;
  }

  async deleteAll(apiId: string, kind: ApiComponentKind): Promise<void> {
    await this.components.delete({ apiId, kind });
  }
}
