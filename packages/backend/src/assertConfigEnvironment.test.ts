import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assertConfigEnvironment,
  configFilesFromArgv,
  requiredVariables,
} from './assertConfigEnvironment';

describe('configFilesFromArgv', () => {
  it.each([
    [['node', 'backend'], []],
    [['node', 'backend', '--config', 'a.yaml'], ['a.yaml']],
    [
      ['--config=a.yaml', '--config', 'b.yaml'],
      ['a.yaml', 'b.yaml'],
    ],
    [['--config', 'https://example.com/c.yaml'], []],
    [['--config'], []],
  ])('%j -> %j', (argv, expected) => {
    expect(configFilesFromArgv(argv)).toEqual(expected);
  });
});

describe('requiredVariables', () => {
  it.each([
    ['host: ${POSTGRES_HOST}', ['POSTGRES_HOST']],
    ['url: http://${A}:${B}/x', ['A', 'B']],
    ['port: ${PORT:-5432}', []],
    ['literal: $${NOT_A_VAR}', []],
    ['# token: ${COMMENTED}', []],
    ['secret: ${S} # uses ${IN_COMMENT}', ['S']],
    ['a: ${X}\nb: ${X}', ['X']],
  ])('%j -> %j', (text, expected) => {
    expect(requiredVariables(text)).toEqual(expected);
  });
});

describe('assertConfigEnvironment', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-env-'));
  const file = path.join(dir, 'app-config.production.yaml');
  fs.writeFileSync(file, 'a: ${FIRST}\nb: ${SECOND}\nc: ${THIRD:-x}\n');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const exit = (message: string): never => {
    throw new Error(message);
  };

  it('names every missing variable with its file', () => {
    expect(() =>
      assertConfigEnvironment(['--config', file], { FIRST: '1' }, exit),
    ).toThrow(`${file} needs: SECOND`);
  });

  it('treats an empty value as missing', () => {
    expect(() =>
      assertConfigEnvironment(
        ['--config', file],
        { FIRST: '', SECOND: '2' },
        exit,
      ),
    ).toThrow('needs: FIRST');
  });

  it('passes when everything is set or no config file is named', () => {
    expect(() =>
      assertConfigEnvironment(
        ['--config', file],
        { FIRST: '1', SECOND: '2' },
        exit,
      ),
    ).not.toThrow();
    expect(() => assertConfigEnvironment([], {}, exit)).not.toThrow();
  });
});
