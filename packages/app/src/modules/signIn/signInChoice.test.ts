import { signInChoice } from './signInChoice';

describe('signInChoice', () => {
  it.each<[string[], string[]]>([
    [['guest'], ['guest']],
    [['github'], ['github-auth-provider']],
    [
      ['github', 'guest'],
      ['github-auth-provider', 'guest'],
    ],
    [['unknown', 'guest'], ['guest']],
  ])('offers %j as a choice of %j', (names, offered) => {
    const choice = signInChoice(names);
    expect(choice.kind).toBe('choices');
    const providers = choice.kind === 'choices' ? choice.providers : [];
    expect(providers.map(p => (p === 'guest' ? p : p.id))).toEqual(offered);
  });

  it('signs in through oauth2-proxy when it is the only provider', () => {
    expect(signInChoice(['oauth2Proxy'])).toEqual({
      kind: 'proxied',
      provider: 'oauth2Proxy',
    });
  });

  it.each([[['oauth2Proxy', 'guest']], [['github', 'oauth2Proxy', 'guest']]])(
    'refuses oauth2Proxy combined with others in %j, naming them',
    names => {
      expect(signInChoice(names)).toEqual({
        kind: 'misconfigured',
        message: expect.stringContaining(
          'oauth2Proxy must be the only sign-in provider',
        ),
      });
      const choice = signInChoice(names);
      const others = names.filter(name => name !== 'oauth2Proxy').join(', ');
      expect(choice.kind === 'misconfigured' && choice.message).toContain(
        `oauth2Proxy together with ${others}:`,
      );
    },
  );
});
