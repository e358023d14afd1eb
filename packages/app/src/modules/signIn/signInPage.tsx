import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/core-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { createFrontendModule } from '@backstage/frontend-plugin-api';

const githubProvider: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/** Sign-in choices by the names used in `portal.signIn.providers`. */
export function signInProviders(
  names: string[],
): Array<'guest' | SignInProviderConfig> {
  return names.flatMap<'guest' | SignInProviderConfig>(name => {
    if (name === 'guest') return ['guest'];
    if (name === 'github') return [githubProvider];
    return [];
  });
}

const ConfiguredSignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('portal.signIn.providers') ?? [
    'guest',
  ];
  return <SignInPage {...props} providers={signInProviders(names)} />;
};

const signInPage = SignInPageBlueprint.make({
  params: { loader: async () => ConfiguredSignInPage },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
