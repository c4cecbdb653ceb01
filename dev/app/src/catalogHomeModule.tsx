import { createFrontendModule, PageBlueprint } from '@backstage/frontend-plugin-api';
import { Navigate } from 'react-router-dom';

/** A page at the app's root that sends the user on to the catalog, since the app has no home page. */
const catalogHome = PageBlueprint.make({
  name: 'catalog-home',
  params: {
    path: '/',
    noHeader: true,
    loader: async () => <Navigate to="/catalog" replace />,
  },
});

export const catalogHomeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [catalogHome],
});
