import { Logger } from '@nestjs/common';
import type { ThrottleRefusal } from '@app/throttle';
import type { RequestContext } from '../context/request-context';
import type { StageOutcome } from '../stages/pipeline-stage';
import { isPromise } from '../stages/is-promise';

type Verdict = ThrottleRefusal | undefined;

const logger = new Logger('Throttle');
let lastFailureLog = 0;

/** THROTTLED → 429 {"message":"Too Many Requests"}, QUOTA_EXCEEDED → 429 {"message":"Limit Exceeded"}. */
export function throttleOutcome(ctx: RequestContext, verdict: Verdict | Promise<Verdict>): StageOutcome | Promise<StageOutcome> {
  if (isPromise(verdict)) return verdict.then((v) => refusal(ctx, v), checkFailed);
  return refusal(ctx, verdict);
}

function refusal(ctx: RequestContext, verdict: Verdict): StageOutcome {
  if (verdict === undefined) return undefined;
  return ctx.stage.responses.respond(ctx, verdict.kind);
}

/**
 * The counters could not answer (Redis down for a quota). AWS serves such requests without the usage plan's limits
 * and logs "Usage Plan check failed due to an internal error" (api-gateway-create-usage-plans-with-rest-api.md); so
 * do we, logging at most once a minute. Keys are still checked: only metering is skipped.
 */
function checkFailed(error: unknown): StageOutcome {
  const now = Date.now();
  if (now - lastFailureLog > 60_000) {
    lastFailureLog = now;
    logger.error(`Usage Plan check failed due to an internal error: ${(error as Error).message}`);
  }
  return undefined;
}
