import { SignInProviderConfig } from '@backstage/core-components';
import { githubAuthApiRef } from '@backstage/core-plugin-api';

const githubProvider: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/** How the sign-in page signs people in, read from `portal.signIn.providers`. */
export type SignInChoice =
  /** A reverse proxy in front of the portal has already signed the user in. */
  | { kind: 'proxied'; provider: 'oauth2Proxy' }
  /** The user picks one of these on Backstage's sign-in page. */
  | { kind: 'choices'; providers: Array<'guest' | SignInProviderConfig> }
  /** The configuration cannot work; the page shows why instead of signing in. */
  | { kind: 'misconfigured'; message: string };

/** Choices for the sign-in page by their names in `portal.signIn.providers`. */
function signInProviders(
  names: string[],
): Array<'guest' | SignInProviderConfig> {
  return names.flatMap<'guest' | SignInProviderConfig>(name => {
    if (name === 'guest') return ['guest'];
    if (name === 'github') return [githubProvider];
    return [];
  });
}

export function signInChoice(names: string[]): SignInChoice {
  if (!names.includes('oauth2Proxy')) {
    return { kind: 'choices', providers: signInProviders(names) };
  }
  // Behind oauth2-proxy every request already carries the proxy's user; a
  // second way in would either never be reached or bypass the proxy.
  if (names.length > 1) {
    return {
      kind: 'misconfigured',
      message:
        'portal.signIn.providers lists oauth2Proxy together with ' +
        `${names.filter(name => name !== 'oauth2Proxy').join(', ')}: ` +
        'oauth2Proxy must be the only sign-in provider.',
    };
  }
  return { kind: 'proxied', provider: 'oauth2Proxy' };
}
