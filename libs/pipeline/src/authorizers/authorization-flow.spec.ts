import type { PolicyDecision } from '@app/auth';
import { authorizationOutcome, combineDecisions } from './authorization-flow';

// One row per row of apigateway-authorization-flow.md's outcome tables: [identity side, resource policy, result].
// "Neither Allow nor Deny" is ImplicitDeny on either side.
const TABLE_A: Array<[PolicyDecision, PolicyDecision, PolicyDecision]> = [
  ['Allow', 'Allow', 'Allow'],
  ['Allow', 'ImplicitDeny', 'Allow'],
  ['Allow', 'Deny', 'Deny'],
  ['ImplicitDeny', 'Allow', 'Allow'],
  ['ImplicitDeny', 'ImplicitDeny', 'ImplicitDeny'],
  ['ImplicitDeny', 'Deny', 'Deny'],
  ['Deny', 'Allow', 'Deny'],
  ['Deny', 'ImplicitDeny', 'Deny'],
  ['Deny', 'Deny', 'Deny'],
];

const TABLE_B: Array<[PolicyDecision, PolicyDecision, PolicyDecision]> = [
  ['Allow', 'Allow', 'Allow'],
  ['Allow', 'ImplicitDeny', 'ImplicitDeny'],
  ['Allow', 'Deny', 'Deny'],
  ['ImplicitDeny', 'Allow', 'ImplicitDeny'],
  ['ImplicitDeny', 'ImplicitDeny', 'ImplicitDeny'],
  ['ImplicitDeny', 'Deny', 'Deny'],
  ['Deny', 'Allow', 'Deny'],
  ['Deny', 'ImplicitDeny', 'Deny'],
  ['Deny', 'Deny', 'Deny'],
];

describe(combineDecisions.name, () => {
  it.each(TABLE_A)('Table A (same account): identity %s, resource policy %s → %s', (identity, resource, expected) => {
    expect(combineDecisions(identity, resource, true)).toBe(expected);
  });

  it.each(TABLE_B)('Table B (cross-account): identity %s, resource policy %s → %s', (identity, resource, expected) => {
    expect(combineDecisions(identity, resource, false)).toBe(expected);
  });
});

describe(authorizationOutcome.name, () => {
  it.each([
    ['Allow', 'Allow'],
    ['ImplicitDeny', 'ImplicitDeny'],
    ['Deny', 'Deny'],
  ] as const)('resource policy only: policy %s → %s', (resource, expected) => {
    expect(authorizationOutcome('NONE', 'Allow', resource)).toBe(expected);
  });

  it.each(TABLE_A)('Lambda authorizer (Table A): authorizer %s, resource policy %s → %s', (identity, resource, expected) => {
    expect(authorizationOutcome('CUSTOM', identity, resource)).toBe(expected);
  });

  it.each(TABLE_A)('IAM, caller in the API account (Table A): user policy %s, resource policy %s → %s', (identity, resource, expected) => {
    expect(authorizationOutcome('AWS_IAM', identity, resource, true)).toBe(expected);
  });

  it.each(TABLE_B)('IAM, caller in another account (Table B): user policy %s, resource policy %s → %s', (identity, resource, expected) => {
    expect(authorizationOutcome('AWS_IAM', identity, resource, false)).toBe(expected);
  });

  it.each([
    ['Allow', 'Allow'],
    ['ImplicitDeny', 'ImplicitDeny'],
    ['Deny', 'Deny'],
  ] as const)('Cognito, authenticated: resource policy %s → %s (an explicit allow is required)', (resource, expected) => {
    expect(authorizationOutcome('COGNITO_USER_POOLS', 'Allow', resource)).toBe(expected);
  });

  it('lets the authorizing side decide alone when the API has no resource policy', () => {
    expect(authorizationOutcome('NONE', 'Allow', undefined)).toBe('Allow');
    expect(authorizationOutcome('CUSTOM', 'ImplicitDeny', undefined)).toBe('ImplicitDeny');
    expect(authorizationOutcome('AWS_IAM', 'Allow', undefined, false)).toBe('Allow');
    expect(authorizationOutcome('COGNITO_USER_POOLS', 'Allow', undefined)).toBe('Allow');
  });
});
