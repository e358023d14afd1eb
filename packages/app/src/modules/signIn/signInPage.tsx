import {
  ErrorPanel,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import {
  configApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { signInChoice } from './signInChoice';

export const ConfiguredSignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('portal.signIn.providers') ?? [
    'guest',
  ];
  const choice = signInChoice(names);
  if (choice.kind === 'proxied') {
    return <ProxiedSignInPage {...props} provider={choice.provider} />;
  }
  if (choice.kind === 'misconfigured') {
    return (
      <ErrorPanel
        title="The portal's sign-in is misconfigured"
        defaultExpanded
        error={new Error(choice.message)}
      />
    );
  }
  return <SignInPage {...props} providers={choice.providers} />;
};

const signInPage = SignInPageBlueprint.make({
  params: { loader: async () => ConfiguredSignInPage },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
