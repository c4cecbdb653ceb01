import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { guestSignInModule } from './guestSignInModule';

/** The catalog plugin and nothing else, behind a guest sign-in page. */
export const app = createApp({
  features: [catalogPlugin, guestSignInModule],
});
