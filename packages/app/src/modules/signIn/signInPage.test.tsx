import { IdentityApi } from '@backstage/core-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import { ConfiguredSignInPage } from './signInPage';

const base64Url = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
// The page reads the token's expiry to schedule its refresh.
const priyaToken = [
  base64Url({ alg: 'ES256' }),
  base64Url({ sub: 'user:default/priya.raman', exp: 4102444800 }),
  'signature',
].join('.');

const priyaSession = {
  profile: { displayName: 'Priya Raman' },
  providerInfo: {},
  backstageIdentity: {
    token: priyaToken,
    identity: {
      type: 'user',
      userEntityRef: 'user:default/priya.raman',
      ownershipEntityRefs: ['user:default/priya.raman', 'group:default/fraud'],
    },
  },
};

function renderWithProviders(providers: string[]) {
  const onSignInSuccess = jest.fn<void, [IdentityApi]>();
  return {
    onSignInSuccess,
    rendered: renderInTestApp(
      <ConfiguredSignInPage onSignInSuccess={onSignInSuccess} />,
      {
        config: {
          backend: { baseUrl: 'http://localhost:7007' },
          portal: { signIn: { providers } },
        },
      },
    ),
  };
}

describe('ConfiguredSignInPage', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  it('signs in as the user oauth2-proxy forwarded, without a choice page', async () => {
    const fetchSession = jest.fn(async (_url: string, _init?: RequestInit) => ({
      ok: true,
      json: async () => priyaSession,
    }));
    global.fetch = fetchSession as unknown as typeof fetch;

    const { onSignInSuccess } = renderWithProviders(['oauth2Proxy']);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(fetchSession.mock.calls[0][0]).toBe(
      'http://localhost:7007/api/auth/oauth2Proxy/refresh',
    );
    const identity = onSignInSuccess.mock.calls[0][0];
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/priya.raman',
    );
    expect(await identity.getCredentials()).toEqual({
      token: priyaToken,
    });
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
    await identity.signOut();
  });

  it('refuses oauth2Proxy combined with another provider', async () => {
    const fetchSession = jest.fn();
    global.fetch = fetchSession;

    const { onSignInSuccess } = renderWithProviders(['oauth2Proxy', 'guest']);

    expect(
      await screen.findByText(/The portal's sign-in is misconfigured/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/oauth2Proxy must be the only sign-in provider/)[0],
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
    expect(fetchSession).not.toHaveBeenCalled();
    expect(onSignInSuccess).not.toHaveBeenCalled();
  });
});
