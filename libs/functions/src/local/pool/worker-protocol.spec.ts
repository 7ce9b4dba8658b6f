import { decodeWorkerBatch, encodeInvocation, WorkerProtocolError, type WorkerBatchHandler } from './worker-protocol';

/** Records every call the decoder makes, in order. */
function recorder(): { calls: unknown[][]; handler: WorkerBatchHandler } {
  const calls: unknown[][] = [];
  const on =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push([name, ...args]);
  return {
    calls,
    handler: {
      memory: on('memory'),
      thread: on('thread'),
      ready: on('ready'),
      initError: on('initError'),
      log: on('log'),
      result: on('result'),
      error: on('error'),
      badRequest: on('badRequest'),
      poisoned: on('poisoned'),
    },
  };
}

/** The worker's side of the format, written out by hand so the spec does not test the decoder against itself. */
const record = {
  result: (slot: number, us: number, payload: string, kind = 0) => `R${slot},${us},${kind},${payload.length},${payload}`,
  log: (slot: number, line: string) => `L${slot},${line.length},${line}`,
  error: (slot: number, us: number, type: string, payload: string) => `E${slot},${us},${type.length},${payload.length},${type}${payload}`,
};

describe('worker protocol', () => {
  describe(decodeWorkerBatch.name, () => {
    it('reads every record kind in order', () => {
      const { calls, handler: sut } = recorder();
      const batch =
        'M37,' +
        'T4242,' +
        'Y12500,' +
        record.log(0, 'hello') +
        record.result(0, 250, '{"statusCode":200}') +
        record.result(3, 40, '200,0,0,-1,0,', 1) +
        record.error(1, 3000, 'TypeError', '{"errorType":"TypeError"}') +
        'B2,5,nope!' +
        'I7000,5,2,Error{}' +
        'P';
      decodeWorkerBatch(batch, sut);
      expect(calls).toEqual([
        ['memory', 37],
        ['thread', 4242],
        ['ready', 12.5],
        ['log', 0, 'hello'],
        ['result', 0, 0.25, '{"statusCode":200}', false],
        ['result', 3, 0.04, '200,0,0,-1,0,', true],
        ['error', 1, 3, 'TypeError', '{"errorType":"TypeError"}'],
        ['badRequest', 2, 'nope!'],
        ['initError', 7, 'Error', '{}'],
        ['poisoned'],
      ]);
    });

    it('carries text with commas, newlines, digits and non-ASCII unchanged', () => {
      const { calls, handler: sut } = recorder();
      const nasty = '1,2,\n3\u0000,R9,🙂 "é",';
      decodeWorkerBatch('M1,' + record.log(-1, nasty) + record.result(4, 1, nasty) + record.log(5, ''), sut);
      expect(calls).toEqual([
        ['memory', 1],
        ['log', -1, nasty],
        ['result', 4, 0.001, nasty, false],
        ['log', 5, ''],
      ]);
    });

    it('reads an empty batch as nothing', () => {
      const { calls, handler: sut } = recorder();
      decodeWorkerBatch('', sut);
      expect(calls).toEqual([]);
    });

    it.each([
      ['an unknown record kind', 'M1,X1,'],
      ['an unterminated number', 'M1,R3'],
    ])('fails loudly on %s', (_, batch) => {
      expect(() => decodeWorkerBatch(batch, recorder().handler)).toThrow(WorkerProtocolError);
    });
  });

  describe(encodeInvocation.name, () => {
    it('writes the header numbers, then requestId, qualifier, clientContext and payload', () => {
      expect(encodeInvocation(3, 1700000000000, true, 'req-1', '{"a":1}', '$LATEST', 'e30=')).toBe(
        '3,1700000000000,1,5,7,4,0,7,req-1$LATESTe30={"a":1}',
      );
    });

    it('marks an absent qualifier and client context with -1 and writes nothing for them', () => {
      expect(encodeInvocation(0, 5, false, 'r', 'x,y', undefined, undefined)).toBe('0,5,0,1,-1,-1,0,3,rx,y');
    });

    it('counts UTF-16 code units, as the worker slices them', () => {
      expect(encodeInvocation(0, 5, false, 'r', '"🙂"', undefined, '')).toBe('0,5,0,1,-1,0,0,4,r"🙂"');
    });

    it('sends an HTTP API 2.0 event as its record (payload kind 1), never its JSON text', () => {
      const payload = {
        format: 'http-api-v2' as const,
        record: '8,$default',
        maxTextBytes: 600,
        text: () => {
          throw new Error('the text was written');
        },
      };
      expect(encodeInvocation(2, 5, false, 'r', payload, undefined, undefined)).toBe('2,5,0,1,-1,-1,1,10,r8,$default');
    });
  });
});
