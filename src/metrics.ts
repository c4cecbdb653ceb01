import { metrics } from '@opentelemetry/api';

/**
 * OpenTelemetry instruments of this module, created on the global meter provider as Backstage's
 * own plugins do. They record nothing until the backend installs an OpenTelemetry SDK.
 */
const meter = metrics.getMeter('backstage-plugin-catalog-backend-module-iis');

export const iisMetrics = {
  runs: meter.createCounter('catalog.iis.runs', {
    description: 'Provider runs (scheduled runs and refresh-driven reads of one server)',
  }),
  runDuration: meter.createHistogram('catalog.iis.run.duration', {
    description: 'Duration of provider runs',
    unit: 's',
  }),
  serversRead: meter.createCounter('catalog.iis.servers.read', { description: 'IIS servers read successfully' }),
  serversFailed: meter.createCounter('catalog.iis.servers.failed', {
    description: 'IIS servers that could not be read, by failure kind',
  }),
  entities: meter.createHistogram('catalog.iis.entities', {
    description: 'Entities written by one run, by kind',
  }),
  apiRequests: meter.createCounter('catalog.iis.api.requests', {
    description: 'Requests to the IIS Administration API, by HTTP status (or error for no response)',
  }),
  refreshesRequested: meter.createCounter('catalog.iis.refreshes.requested', {
    description: 'Catalog refreshes of IIS entities that asked for a server read',
  }),
  refreshesDebounced: meter.createCounter('catalog.iis.refreshes.debounced', {
    description: 'Refresh requests that joined a server read already waiting',
  }),
};
