import { DataSource, Repository } from 'typeorm';
import { UsagePlanEntity, UsagePlanKeyEntity } from '../entities';

/** Usage plans and the API keys linked to them (UsagePlanKey). */
export class UsagePlansRepository {
  private readonly plans: Repository<UsagePlanEntity>;
  private readonly planKeys: Repository<UsagePlanKeyEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.plans = dataSource.getRepository(UsagePlanEntity);
    this.planKeys = dataSource.getRepository(UsagePlanKeyEntity);
  }

  getById(id: string): Promise<UsagePlanEntity | null> {
    return this.plans.findOneBy({ id });
  }

  /** Every plan, ordered by id. */
  list(): Promise<UsagePlanEntity[]> {
    return this.plans.find({ order: { id: 'ASC' } });
  }

  async save(plan: UsagePlanEntity): Promise<UsagePlanEntity> {
    return this.plans.save(plan);
  }

  /** Removes the plan and its key links in one transaction. */
  async delete(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      await tx.delete(UsagePlanKeyEntity, { usagePlanId: id });
      const result = await tx.delete(UsagePlanEntity, { id });
      return (result.affected ?? 0) > 0;
    });
  }

  getKey(usagePlanId: string, keyId: string): Promise<UsagePlanKeyEntity | null> {
    return this.planKeys.findOneBy({ usagePlanId, keyId });
  }

  /** The keys of one plan, ordered by key id. */
  listKeys(usagePlanId: string): Promise<UsagePlanKeyEntity[]> {
    return this.planKeys.find({ where: { usagePlanId }, order: { keyId: 'ASC' } });
  }

  /** The plans a key belongs to. */
  listForKey(keyId: string): Promise<UsagePlanKeyEntity[]> {
    return this.planKeys.find({ where: { keyId }, order: { usagePlanId: 'ASC' } });
  }

  /** Every plan-key link (what gateway nodes index). */
  listAllKeys(): Promise<UsagePlanKeyEntity[]> {
    return this.planKeys.find();
  }

  async addKey(usagePlanId: string, keyId: string, keyType = 'API_KEY'): Promise<UsagePlanKeyEntity> {
    return this.planKeys.save({ usagePlanId, keyId, keyType });
  }

  async removeKey(usagePlanId: string, keyId: string): Promise<boolean> {
    const result = await this.planKeys.delete({ usagePlanId, keyId });
    return (result.affected ?? 0) > 0;
  }
}
