import path from 'path';
import { IisApplicationPool, IisServerReading, IisSite } from '../iis/model';

/**
 * Location annotations (`backstage.io/managed-by-location`) of the emitted entities.
 *
 * API readings point at the item's own address in the IIS Administration API; file readings at
 * the applicationHost.config they came from, as `file:` for a path and `url:` for a URL. Both forms
 * make the catalog UI show its Refresh button and a meaningful "View source".
 */
export function locationOfServer(reading: IisServerReading): string {
  return reading.source === 'api' ? `url:${reading.location}/api` : fileLocation(reading.location);
}

export function locationOfPool(reading: IisServerReading, pool: IisApplicationPool): string {
  if (reading.source === 'api' && pool.apiId) {
    return `url:${reading.location}/api/webserver/application-pools/${encodeURIComponent(pool.apiId)}`;
  }
  return reading.source === 'api' ? locationOfServer(reading) : fileLocation(reading.location);
}

export function locationOfSite(reading: IisServerReading, site: IisSite): string {
  if (reading.source === 'api' && site.apiId) {
    return `url:${reading.location}/api/webserver/websites/${encodeURIComponent(site.apiId)}`;
  }
  return reading.source === 'api' ? locationOfServer(reading) : fileLocation(reading.location);
}

function fileLocation(location: string): string {
  if (/^https?:\/\//i.test(location)) {
    return `url:${location}`;
  }
  return `file:${path.resolve(location)}`;
}
