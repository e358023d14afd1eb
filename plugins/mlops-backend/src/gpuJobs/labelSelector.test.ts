import { matchesSelector, parseLabelSelector } from './labelSelector';

describe('label selectors', () => {
  it.each([
    ['a=b', { a: 'b' }, true],
    ['a=b', { a: 'c' }, false],
    ['a!=b,c', { a: 'x', c: '' }, true],
    ['a in (x, y),!d', { a: 'y' }, true],
    ['a notin (x)', { a: 'x' }, false],
  ])('%s on %j', (selector, labels, expected) => {
    expect(matchesSelector(parseLabelSelector(selector), labels)).toBe(
      expected,
    );
  });
});
