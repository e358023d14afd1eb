import { isInAppPath } from './inAppPath';

describe('isInAppPath', () => {
  it.each([
    ['/', true],
    ['/docs/default/component/x/runbooks/y/', true],
    ['/docs//x', true],
    ['/%2F%2Fevil.com/x', true],
    ['/docs/x?a=1#b', true],
    ['', false],
    ['docs/x', false],
    ['//evil.com/x', false],
    ['///evil.com', false],
    ['/\\evil.com/x', false],
    ['\\\\evil.com/x', false],
    ['/\t/evil.com', false],
    ['/\n/evil.com', false],
    [' /docs', false],
    ['https://evil.com/', false],
    // eslint-disable-next-line no-script-url
    ['javascript:alert(1)', false],
  ])('%j is an in-app path: %s', (path, expected) => {
    expect(isInAppPath(path)).toBe(expected);
  });
});
