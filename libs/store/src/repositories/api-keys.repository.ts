import { DataSource, Repository } from 'typeorm';
import { ApiKeyEntity, UsagePlanKeyEntity } from '../entities';

/** API keys; values exist only as a keyed hash (lookups) and a ciphertext (includeValue), never in clear. */
export class ApiKeysRepository {
  private readonly keys: Repository<ApiKeyEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.keys = dataSource.getRepository(ApiKeyEntity);
  }

  getById(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id });
  }

  getByValueHash(valueHash: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ valueHash });
  }

  /** Every key, ordered by id (stable paging; what gateway nodes index). */
  list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { id: 'ASC' } });
  }

  async save(key: ApiKeyEntity): Promise<ApiKeyEntity> {
    return this.keys.save(key);
  }

  /** Removes the key and its usage-plan links in one transaction. */
  async delete(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      await tx.delete(UsagePlanKeyEntity, { keyId: id });
      const result = await tx.delete(ApiKeyEntity, { id });
      return (result.affected ?? 0) > 0;
    });
  }
}
