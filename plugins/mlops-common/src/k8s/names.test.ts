import { isDnsSubdomain, isNamespaceName } from './names';

describe('Kubernetes names', () => {
  it.each([
    ['team-a', true, true],
    ['a', true, true],
    ['a'.repeat(63), true, true],
    ['a'.repeat(64), false, true],
    ['train.v2', false, true],
    [
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
      false,
      true,
    ],
    [
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`,
      false,
      false,
    ],
    ['Team', false, false],
    ['-team', false, false],
    ['team-', false, false],
    ['a..b', false, false],
    ['', false, false],
    ['a_b', false, false],
  ])('%s: namespace %s, subdomain %s', (name, namespace, subdomain) => {
    expect(isNamespaceName(name)).toBe(namespace);
    expect(isDnsSubdomain(name)).toBe(subdomain);
  });
});
