import { InputError } from '@backstage/errors';
import {
  checkAlias,
  checkModelName,
  isRunId,
  versionsFilter,
} from './mlflowNames';

describe('checkModelName', () => {
  it.each([
    'fraud-scorer',
    'reco_candidate_retrieval',
    'main.fraud.scorer',
    'Fraud Scorer v2',
    'a',
    'x'.repeat(256),
  ])('accepts %p', name => {
    expect(checkModelName(name)).toBe(name);
  });

  it.each([
    ['empty', ''],
    ['a quote that would end the filter', "fraud' OR name LIKE '%"],
    ['a double quote', 'fraud"scorer'],
    ['a backslash', 'fraud\\scorer'],
    ['a slash', '../registered-models/delete'],
    ['a leading space', ' fraud'],
    ['a trailing space', 'fraud '],
    ['a newline', 'fraud\nscorer'],
    ['too long', 'x'.repeat(257)],
  ])('refuses %s', (_, name) => {
    expect(() => checkModelName(name)).toThrow(InputError);
  });
});

describe('checkAlias', () => {
  it.each(['champion', 'challenger', 'shadow_2', 'blue-green'])(
    'accepts %p',
    alias => expect(checkAlias(alias)).toBe(alias),
  );

  it.each(['', 'latest', 'v3', 'V12', 'champ ion', "x'", 'a/b'])(
    'refuses %p',
    alias => expect(() => checkAlias(alias)).toThrow(InputError),
  );
});

describe('isRunId', () => {
  it.each([
    ['906067351b3148038ea5ec93ed5e4a1a', true],
    ['', false],
    ['../experiments', false],
    ['a'.repeat(65), false],
  ])('%p → %p', (runId, expected) => {
    expect(isRunId(runId)).toBe(expected);
  });
});

it('quotes the checked name in the search filter', () => {
  expect(versionsFilter('fraud-scorer')).toBe("name='fraud-scorer'");
  expect(() => versionsFilter("x' OR '1'='1")).toThrow(InputError);
});
