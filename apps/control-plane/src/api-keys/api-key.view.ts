/** The ApiKey wire shape (apigateway v1) as stored: everything but `value`, which is stored only hashed and encrypted. */
export interface ApiKeyDoc {
  id: string;
  name?: string;
  description?: string;
  customerId?: string;
  enabled: boolean;
  /** Epoch seconds. */
  createdDate: number;
  lastUpdatedDate: number;
  /** `{restApiId}/{stageName}`. */
  stageKeys?: string[];
  tags?: Record<string, string>;
}

export type ApiKeyView = ApiKeyDoc & { value?: string };
