import { parseLabelSelector } from './labelSelector';
import { normalLabelSelector } from './normalLabelSelector';

describe('normalLabelSelector', () => {
  it.each([
    ['', ''],
    ['a=1,b=2', 'a=1,b=2'],
    [' b=2 , a=1', 'a=1,b=2'],
    ['b = 2,a==1', 'a=1,b=2'],
    ['a=1,a=1', 'a=1'],
    ['a==1,a=1', 'a=1'],
    ['a!=1', 'a!=1'],
    ['x, !y', '!y,x'],
    ['a in (y, x,x)', 'a in (x,y)'],
    ['a\tnotin\t(z,y)', 'a notin (y,z)'],
    ['a in ()', 'a in ()'],
    ['a in (x,)', 'a in (,x)'],
    ['a=', 'a='],
    ['n>3,n<9', 'n<9,n>3'],
    ['example.com/b=B,example.com/a=A', 'example.com/a=A,example.com/b=B'],
    [
      'backstage.io/kubernetes-id=fraud-scorer',
      'backstage.io/kubernetes-id=fraud-scorer',
    ],
    ['  no selector (  ', 'no selector ('],
  ])('%j → %j', (text, normal) => {
    expect(normalLabelSelector(text)).toBe(normal);
  });

  it.each([
    ['a=1,b=2', ' b=2 , a=1'],
    ['a in (x,y)', 'a in(y , x)'],
    ['!a,b', 'b , ! a'],
  ])('%j and %j share one spelling', (one, other) => {
    expect(normalLabelSelector(one)).toBe(normalLabelSelector(other));
  });

  it.each([
    ['a=1', 'a!=1'],
    ['a in (x)', 'a notin (x)'],
    ['a', '!a'],
    ['a=1', 'a=1,b'],
  ])('%j and %j stay apart', (one, other) => {
    expect(normalLabelSelector(one)).not.toBe(normalLabelSelector(other));
  });

  it.each(['b in (,x),a', 'n>3, !m, k notin (b,a)', 'a==1,a==1'])(
    '%j: its spelling parses and keeps that spelling',
    text => {
      const normal = normalLabelSelector(text);
      const again = parseLabelSelector(normal);
      expect(again.ok).toBe(true);
      expect(normalLabelSelector(normal)).toBe(normal);
    },
  );
});
