import { LabelRequirement } from './labelRequirement';
import { matchesLabelSelector, parseLabelSelector } from './labelSelector';

const req = (
  key: string,
  operator: LabelRequirement['operator'],
  ...values: string[]
): LabelRequirement => ({ key, operator, values });

const v63 = 'v'.repeat(63);
const k63 = 'k'.repeat(63);

describe('parseLabelSelector', () => {
  it.each<[string, LabelRequirement[]]>([
    ['', []],
    ['  \t', []],
    ['a', [req('a', 'exists')]],
    ['!a', [req('a', '!')]],
    ['! a', [req('a', '!')]],
    ['a=b', [req('a', '=', 'b')]],
    ['a==b', [req('a', '==', 'b')]],
    ['a!=b', [req('a', '!=', 'b')]],
    [' a = b ', [req('a', '=', 'b')]],
    ['a=', [req('a', '=', '')]],
    ['a!=', [req('a', '!=', '')]],
    ['a=B', [req('a', '=', 'B')]],
    ['App=x', [req('App', '=', 'x')]],
    ['a in (x)', [req('a', 'in', 'x')]],
    ['a in (x,y)', [req('a', 'in', 'x', 'y')]],
    ['a in(x , y)', [req('a', 'in', 'x', 'y')]],
    ['a\tnotin\t(x)', [req('a', 'notin', 'x')]],
    ['a in ()', [req('a', 'in', '')]],
    ['a in (x,,y)', [req('a', 'in', 'x', '', 'y')]],
    ['a in (,x)', [req('a', 'in', '', 'x')]],
    ['a in (x,)', [req('a', 'in', 'x', '')]],
    ['a in (x,x)', [req('a', 'in', 'x')]],
    ['in in (in)', [req('in', 'in', 'in')]],
    ['notin=notin', [req('notin', '=', 'notin')]],
    ['example.com/a=b', [req('example.com/a', '=', 'b')]],
    ['a>1', [req('a', 'gt', '1')]],
    ['a < 10', [req('a', 'lt', '10')]],
    [`a=${v63}`, [req('a', '=', v63)]],
    [`${k63}`, [req(k63, 'exists')]],
    [
      'a=b,c!=d,!e,f in (g),h',
      [
        req('a', '=', 'b'),
        req('c', '!=', 'd'),
        req('e', '!'),
        req('f', 'in', 'g'),
        req('h', 'exists'),
      ],
    ],
    [
      'app.kubernetes.io/name in (a, b),env notin (dev)',
      [
        req('app.kubernetes.io/name', 'in', 'a', 'b'),
        req('env', 'notin', 'dev'),
      ],
    ],
  ])('reads %j', (text, requirements) => {
    expect(parseLabelSelector(text)).toEqual({
      ok: true,
      selector: requirements,
    });
  });

  it.each([
    ['=a', '"=a" is not a label selector'],
    ['a b', '"a b" is not a label requirement'],
    ['a=b=c', '"a=b=c" is not a label requirement'],
    ['!a=b', '"!a=b" is not a label requirement'],
    ['a,', '"a," is not a label selector'],
    [',a', '",a" is not a label selector'],
    ['a,,b', '"a,,b" is not a label selector'],
    ['a in (x', '"a in (x" is not a label requirement'],
    ['a in x', '"a in x" is not a label requirement'],
    ['a in (x y)', '"a in (x y)" is not a label requirement'],
    ['a in (x))', '"a in (x))" is not a label requirement'],
    ['a in ((x))', '"a in ((x))" is not a label requirement'],
    ['a notin x', '"a notin x" is not a label requirement'],
    ['a=(x)', '"a=(x)" is not a label requirement'],
    ['!', '"!" is not a label requirement'],
    ['!!a', '"!!a" is not a label requirement'],
    ['a!', '"a!" is not a label requirement'],
    ['a>=1', '"a>=1" is not a label requirement'],
    ['a>', '"" is not a 64-bit integer'],
    ['a>x', '"x" is not a 64-bit integer'],
    ['a>-1', '"-1" is not a label value'],
    ['a>9223372036854775808', 'is not a 64-bit integer'],
    ['a/b/c=x', '"a/b/c" is not a label key'],
    ['/a', '"/a" is not a label key'],
    ['a/', '"a/" is not a label key'],
    ['Example.com/a', '"Example.com/a" is not a label key'],
    ['ex_ample.com/a', '"ex_ample.com/a" is not a label key'],
    ['-a', '"-a" is not a label key'],
    [`${k63}k`, 'is not a label key'],
    ['a=b c', '"a=b c" is not a label requirement'],
    ['a=-b', '"-b" is not a label value'],
    ['a=b-', '"b-" is not a label value'],
    [`a=${v63}v`, 'is not a label value'],
    ['app=x"}', '"x"}" is not a label value'],
    ['a in (x,-y)', '"-y" is not a label value'],
  ])('refuses %j', (text, message) => {
    const parsed = parseLabelSelector(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(message);
  });
});

describe('matchesLabelSelector', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['', { a: 'b' }, true],
    ['a=b', { a: 'b' }, true],
    ['a=b', { a: 'c' }, false],
    ['a=b', {}, false],
    ['a==b', { a: 'b' }, true],
    ['a!=b', {}, true],
    ['a!=b', { a: 'b' }, false],
    ['a!=b,c', { a: 'x', c: '' }, true],
    ['a in (x, y),!d', { a: 'y' }, true],
    ['a in (x, y),!d', { a: 'y', d: '' }, false],
    ['a in (x)', {}, false],
    ['a notin (x)', { a: 'x' }, false],
    ['a notin (x)', {}, true],
    ['a notin (x)', { a: 'y' }, true],
    ['a in ()', { a: '' }, true],
    ['a in ()', { a: 'x' }, false],
    ['a=', { a: '' }, true],
    ['a=', {}, false],
    ['a', { a: '' }, true],
    ['!a', { a: '' }, false],
    ['!a', { b: 'a' }, true],
    ['constructor', {}, false],
    ['!constructor', {}, true],
    ['a>1', { a: '2' }, true],
    ['a>1', { a: '1' }, false],
    ['a>1', { a: 'x' }, false],
    ['a>1', {}, false],
    ['a<10', { a: '9' }, true],
    ['a<10', { a: '010' }, false],
    ['a>0', { a: '1' }, true],
  ])('%j on %j is %p', (text, labels, expected) => {
    const parsed = parseLabelSelector(text);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(matchesLabelSelector(parsed.selector, labels)).toBe(expected);
  });
});
