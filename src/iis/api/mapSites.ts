import { parseBinding } from '../bindings';
import type { IisBinding, IisSite } from '../model';
import { FieldReader, describeValue, isJsonObject, nonEmpty, toIisState } from './jsonValues';
import { mapBindingCertificate } from './mapCertificates';

/** Fields requested for each website, so that one list request returns everything used here. */
export const WEBSITE_FIELDS = [
  'name',
  'key',
  'status',
  'server_auto_start',
  'physical_path',
  'enabled_protocols',
  'bindings',
  'application_pool',
];

/** A site as mapped from the API, with what the client still needs to complete its applications. */
export interface MappedWebsite {
  /** The site; `applications` is empty until the client fills it. */
  site: IisSite;
  /** `enabled_protocols` of the root application, `""` when the site has none. */
  enabledProtocols?: string;
}

/**
 * Maps one entry of `GET /api/webserver/websites?fields=…`. Returns undefined, and adds a warning,
 * for an entry without a name or a numeric `key`, because the catalog cannot name such a site.
 */
export function mapWebsite(raw: unknown, index: number, warnings: string[]): MappedWebsite | undefined {
  const label = `Website #${index + 1} of the list`;
  if (!isJsonObject(raw)) {
    warnings.push(`${label} is ${describeValue(raw)}, not an object; it was skipped`);
    return undefined;
  }

  const name = nonEmpty(new FieldReader(raw, label, warnings).string('name'));
  if (name === undefined) {
    warnings.push(`${label} has no name; it was skipped`);
    return undefined;
  }

  const fields = new FieldReader(raw, `Site "${name}"`, warnings);
  const id = fields.integer('key');
  if (id === undefined) {
    warnings.push(`Site "${name}" has no numeric key (the site id); it was skipped`);
    return undefined;
  }

  const site: IisSite = {
    name,
    id,
    state: toIisState(fields.string('status')),
    serverAutoStart: fields.boolean('server_auto_start') ?? true,
    bindings: mapBindings(fields.array('bindings') ?? [], name, warnings),
    applications: [],
  };
  // A site without a root application, or whose root pool does not exist, has `application_pool: null`.
  const poolReference = fields.object('application_pool') ?? {};
  const applicationPool = nonEmpty(new FieldReader(poolReference, `Site "${name}" application_pool`, warnings).string('name'));
  if (applicationPool !== undefined) {
    site.applicationPool = applicationPool;
  }
  // The service sends `""` when the site has no root virtual directory.
  const physicalPath = nonEmpty(fields.string('physical_path'));
  if (physicalPath !== undefined) {
    site.physicalPath = physicalPath;
  }

  // The opaque id is the key for listing the site's applications.
  const apiId = nonEmpty(fields.string('id'));
  if (apiId !== undefined) {
    site.apiId = apiId;
  }

  const mapped: MappedWebsite = { site };
  const enabledProtocols = fields.string('enabled_protocols');
  if (enabledProtocols !== undefined) {
    mapped.enabledProtocols = enabledProtocols;
  }
  return mapped;
}

function mapBindings(rawBindings: unknown[], siteName: string, warnings: string[]): IisBinding[] {
  const bindings: IisBinding[] = [];
  rawBindings.forEach((raw, index) => {
    const binding = mapBinding(raw, index, siteName, warnings);
    if (binding !== undefined) {
      bindings.push(binding);
    }
  });
  return bindings;
}

/**
 * Maps one API binding through the shared binding parser. The service adds `ip_address`, `port`
 * and `hostname` only for the exact protocols `http` and `https`, so they are not used: the
 * parser reads `binding_information` for every protocol.
 */
export function mapBinding(raw: unknown, index: number, siteName: string, warnings: string[]): IisBinding | undefined {
  const label = `Site "${siteName}" binding #${index + 1}`;
  if (!isJsonObject(raw)) {
    warnings.push(`${label} is ${describeValue(raw)}, not an object; it was skipped`);
    return undefined;
  }
  const fields = new FieldReader(raw, label, warnings);
  const protocol = nonEmpty(fields.string('protocol'));
  const bindingInformation = fields.string('binding_information');
  if (protocol === undefined || bindingInformation === undefined) {
    warnings.push(`${label} has no protocol or no binding_information; it was skipped`);
    return undefined;
  }

  // The API reports no sslFlags, only its SNI bit as `require_sni`, so the parser's default of 0
  // for https is dropped instead of being reported as a fact.
  const { sslFlags: _unknownSslFlags, sni: _derivedSni, ...binding } = parseBinding(protocol, bindingInformation);
  if (binding.problem !== undefined) {
    warnings.push(`Site "${siteName}": binding ${protocol} "${bindingInformation}" was not parsed: ${binding.problem}`);
    return binding;
  }
  const requireSni = fields.boolean('require_sni');
  const mapped: IisBinding = requireSni === undefined ? binding : { ...binding, sni: requireSni };
  // The service leaves `certificate` out when it cannot resolve the binding's certificate.
  const rawCertificate = fields.object('certificate');
  const certificate = rawCertificate === undefined ? undefined : mapBindingCertificate(rawCertificate, label, warnings);
  return certificate === undefined ? mapped : { ...mapped, certificate };
}
