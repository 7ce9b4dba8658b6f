/** One dependency a process needs before it can serve: Postgres, Redis, the bus. */
export interface ReadinessCheck {
  name: string;
  isReady(): Promise<boolean> | boolean;
}
