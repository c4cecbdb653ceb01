import { parseBinding } from '../../src/iis/bindings';
import type { IisApplicationPool, IisServerReading, IisSite } from '../../src/iis/model';
import { testPool } from '../../src/iis/testing/builders';

/**
 * A hand-built reading for the simulator's tests, in the shapes of real applicationHost.config
 * files: default site with http and https, SNI host headers, IPv4 and IPv6 addresses, net.tcp and
 * net.pipe, a stopped site, nested applications in other pools, and a few broken cases.
 */

export const SPECIFIC_USER_PASSWORD = '[enc:IISWASOnlyCngProvider:dGVzdC1wbGFjZWhvbGRlcg==:enc]';

const pool = testPool;

const pools: IisApplicationPool[] = [
  pool('DefaultAppPool'),
  pool('Classic .NET AppPool', { managedRuntimeVersion: 'v2.0', pipelineMode: 'classic' }),
  pool('NoManagedCode', { managedRuntimeVersion: '', startMode: 'AlwaysRunning' }),
  pool('Orders', {
    identityType: 'SpecificUser',
    identityUserName: 'CORP\\svc-orders',
    enable32BitAppOnWin64: true,
  }),
  pool('Stopped', { state: 'stopped', autoStart: false, identityType: 'NetworkService' }),
];

const sites: IisSite[] = [
  {
    name: 'Default Web Site',
    id: 1,
    state: 'started',
    serverAutoStart: true,
    applicationPool: 'DefaultAppPool',
    physicalPath: '%SystemDrive%\\inetpub\\wwwroot',
    bindings: [parseBinding('http', '*:80:'), parseBinding('https', '*:443:', '0'), parseBinding('net.tcp', '808:*'), parseBinding('net.pipe', '*')],
    applications: [
      { path: '/', applicationPool: 'DefaultAppPool', physicalPath: '%SystemDrive%\\inetpub\\wwwroot', enabledProtocols: 'http,net.tcp,net.pipe' },
      { path: '/orders', applicationPool: 'Orders', physicalPath: 'D:\\apps\\orders' },
      { path: '/orders/reports', applicationPool: 'Classic .NET AppPool', physicalPath: 'D:\\apps\\reports' },
    ],
  },
  {
    name: 'shop.example.com',
    id: 2,
    state: 'started',
    serverAutoStart: true,
    applicationPool: 'NoManagedCode',
    physicalPath: 'D:\\sites\\shop',
    bindings: [
      parseBinding('https', '*:443:shop.example.com', '1'),
      parseBinding('https', '192.0.2.10:443:', '0'),
      parseBinding('https', '[2001:db8::7]:443:shop.example.com', '3'),
      parseBinding('http', ':8080:*.shop.example.com'),
    ],
    applications: [{ path: '/', applicationPool: 'noManagedCode', physicalPath: 'D:\\sites\\shop' }],
  },
  {
    name: 'Stopped [old] site',
    id: 7,
    state: 'stopped',
    serverAutoStart: false,
    applicationPool: 'Stopped',
    physicalPath: 'C:\\old',
    bindings: [parseBinding('http', 'not-a-binding'), parseBinding('HTTPS', '*:8443:')],
    applications: [{ path: '/', applicationPool: 'Stopped', physicalPath: 'C:\\old' }],
  },
  {
    name: 'No root application',
    id: 12,
    state: 'unknown',
    serverAutoStart: true,
    bindings: [],
    applications: [{ path: '/only', applicationPool: 'Missing pool', physicalPath: 'C:\\only' }],
  },
];

export function sampleReading(host = 'web01.corp.example'): IisServerReading {
  return {
    host,
    source: 'file',
    location: `/farm/${host}/applicationHost.config`,
    sites: structuredClone(sites),
    applicationPools: structuredClone(pools),
    warnings: [],
  };
}
