// e2e specs start real processes and wait for real networks; Jest's 5 s default is for unit specs.
jest.setTimeout(60_000);
