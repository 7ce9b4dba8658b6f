import { createHash } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import type { FunctionCodeSource, FunctionRecord } from '@app/contracts';
import { FunctionCodeEntity, FunctionEntity } from '../entities';

export class FunctionsRepository {
  private readonly functions: Repository<FunctionEntity>;

  constructor(dataSource: DataSource) {
    this.functions = dataSource.getRepository(FunctionEntity);
  }

  async get(name: string): Promise<FunctionRecord | undefined> {
    const row = await this.functions.findOneBy({ name });
    return row?.record;
  }

  async list(): Promise<FunctionRecord[]> {
    const rows = await this.functions.find({ order: { name: 'ASC' } });
    return rows.map((row) => row.record);
  }

  async save(record: FunctionRecord): Promise<void> {
    const { FunctionName: name, RevisionId: revisionId = '' } = record.configuration;
    await this.functions.save({ name, revisionId, record });
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.functions.delete({ name });
    return (result.affected ?? 0) > 0;
  }
}

/** Content-addressed deployment packages: saving the same bytes twice stores them once. */
export class FunctionCodeRepository implements FunctionCodeSource {
  private readonly code: Repository<FunctionCodeEntity>;

  constructor(dataSource: DataSource) {
    this.code = dataSource.getRepository(FunctionCodeEntity);
  }

  /** Stores the package and returns the hex SHA-256 it is addressed by. */
  async put(zip: Buffer): Promise<string> {
    const sha256Hex = createHash('sha256').update(zip).digest('hex');
    const exists = await this.code.existsBy({ sha256Hex });
    if (!exists) await this.code.save({ sha256Hex, size: zip.length, dataBase64: zip.toString('base64') });
    return sha256Hex;
  }

  async getZip(sha256Hex: string): Promise<Buffer | undefined> {
    const row = await this.code.findOneBy({ sha256Hex });
    return row ? Buffer.from(row.dataBase64, 'base64') : undefined;
  }
}
