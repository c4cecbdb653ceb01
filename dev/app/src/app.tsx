import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogHomeModule } from './catalogHomeModule';
import { guestSignInModule } from './guestSignInModule';

/** The catalog plugin behind a guest sign-in page, with the app's root leading to the catalog. */
export const app = createApp({
  features: [catalogPlugin, catalogHomeModule, guestSignInModule],
});
