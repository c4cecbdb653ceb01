/**
 * The IIS model that both sources (the IIS Administration API and applicationHost.config files)
 * produce and that the entity transform consumes. Everything here is plain data, so a reading can
 * be compared, serialized and cached.
 */

/** Runtime state as the IIS Administration API reports it. */
export type IisState = 'started' | 'stopped' | 'starting' | 'stopping' | 'unknown';

/** Source kind of a server reading. */
export type IisSourceKind = 'api' | 'file';

/**
 * One site binding. `protocol` and `bindingInformation` are always present; the parsed parts are
 * present only where the protocol's form defines them and the value parsed.
 */
export interface IisBinding {
  /** Protocol in lower case, for example `https` or `net.tcp`. */
  protocol: string;
  /** The raw `bindingInformation` string, exactly as IIS stores it. */
  bindingInformation: string;
  /** IP address, `*` for all unassigned addresses; IPv6 without brackets. */
  address?: string;
  port?: number;
  /** Host name; `""` means any host. For net.tcp the host match, which may be `*`. */
  host?: string;
  /** The `sslFlags` bit field; 0 when the attribute is missing on an https binding. */
  sslFlags?: number;
  /** Whether Server Name Indication is required (`sslFlags` bit 1, or `require_sni`). */
  sni?: boolean;
  /** Reason the binding information did not parse. The parsed parts are then absent. */
  problem?: string;
  /** The server certificate of an https binding, for API readings when the service resolved it. */
  certificate?: IisCertificate;
}

/** A server certificate as the IIS Administration API describes it. */
export interface IisCertificate {
  /** The API's opaque certificate id, for API readings only. */
  apiId?: string;
  /** Distinguished name of the subject, for example `CN=shop.example.com`. */
  subject?: string;
  /** Distinguished name of the issuer (`issued_by` in the API). */
  issuer?: string;
  /** SHA-1 thumbprint in upper-case hex, as Windows shows it. */
  thumbprint?: string;
  /** End of validity, ISO 8601 UTC. */
  validTo?: string;
  /** DNS names from the subject alternative name extension, when the certificate was read. */
  subjectAlternativeNames?: string[];
}

export interface IisApplication {
  /** Virtual path, `/` for the root application. */
  path: string;
  /** Name of the application pool the application runs in, after defaults are applied. */
  applicationPool: string;
  /** Physical path of the application's root virtual directory, unexpanded (`%SystemDrive%\…`). */
  physicalPath?: string;
  enabledProtocols?: string;
}

export interface IisSite {
  name: string;
  /** The numeric site id from applicationHost.config (`key` in the API). */
  id: number;
  /** The API's opaque site id, for API readings only. */
  apiId?: string;
  state: IisState;
  serverAutoStart: boolean;
  /** Pool of the root application, when the site has one. */
  applicationPool?: string;
  /** Physical path of the root application's root virtual directory, unexpanded. */
  physicalPath?: string;
  bindings: IisBinding[];
  /** Applications in IIS order, the root application `/` included when it exists. */
  applications: IisApplication[];
}

export interface IisApplicationPool {
  name: string;
  /** The API's opaque pool id, for API readings only. */
  apiId?: string;
  state: IisState;
  autoStart: boolean;
  /** `""` means no managed code. */
  managedRuntimeVersion: string;
  pipelineMode: 'integrated' | 'classic';
  /** `ApplicationPoolIdentity`, `LocalSystem`, `LocalService`, `NetworkService` or `SpecificUser`. */
  identityType: string;
  /** Account name for `SpecificUser`; never a password. */
  identityUserName?: string;
  enable32BitAppOnWin64: boolean;
  startMode: string;
}

/** Everything read from one server in one pass. */
export interface IisServerReading {
  /** The server's name in the catalog, as configured. */
  host: string;
  source: IisSourceKind;
  /**
   * Origin of the reading: the API base URL, or the applicationHost.config path or URL.
   * Never contains credentials.
   */
  location: string;
  sites: IisSite[];
  applicationPools: IisApplicationPool[];
  /** Problems in the input that did not stop the reading, such as an unparsed binding. */
  warnings: string[];
}
