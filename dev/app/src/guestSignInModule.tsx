import { SignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * A sign-in page with the guest provider only. The backend's `auth.providers.guest` issues the
 * token, so signing in needs no account.
 */
const guestSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => <SignInPage {...props} providers={['guest']} />,
  },
});

export const guestSignInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [guestSignInPage],
});
