import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from './readiness-check';

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Turns the app's ReadinessChecks into Terminus indicators; a check that throws or hangs counts as down. */
@Injectable()
export class DependencyHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  indicators(): Array<() => Promise<HealthIndicatorResult>> {
    return this.checks.map((check) => () => this.run(check));
  }

  private async run(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(check.name);
    let ready = false;
    try {
      ready = await Promise.race([
        Promise.resolve(check.isReady()),
        new Promise<boolean>((resolve) => setTimeout(resolve, 2000, false).unref()),
      ]);
    } catch {
      ready = false;
    }
    return ready ? session.up() : session.down({ message: `${check.name} is not answering` });
  }
}
