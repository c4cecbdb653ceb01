import { isIP } from 'node:net';
import { IisBinding } from './model';

/**
 * Parsing of IIS site bindings, shared by the API and the applicationHost.config sources.
 *
 * A value that does not parse never throws. The result then keeps `protocol` and
 * `bindingInformation`, carries no parsed part (no address, port, host, sslFlags or sni) and
 * states in `problem` what is wrong, so the caller can report the value as it is.
 */

/** Protocols whose binding information is `<address>:<port>:<host>`. */
const ADDRESS_PORT_HOST_PROTOCOLS = new Set(['http', 'https', 'ftp']);

/** Protocols whose binding information is a host name or `*`. */
const HOST_ONLY_PROTOCOLS = new Set(['net.pipe', 'net.msmq', 'msmq.formatname']);

/** Upper bound accepted for `sslFlags`: the largest unsigned 32-bit value. */
const MAX_SSL_FLAGS = 0xffffffff;

/** The parsed parts of a binding, or the reason why the value did not parse. */
type ParseResult = Partial<Pick<IisBinding, 'address' | 'port' | 'host'>> | { problem: string };

/**
 * Parses one binding. `protocol` is compared case-insensitively and stored in lower case.
 * `sslFlags` counts only for https, where a missing value means 0.
 */
export function parseBinding(
  protocol: string,
  bindingInformation: string,
  sslFlags?: number | string,
): IisBinding {
  const normalizedProtocol = protocol.toLowerCase();
  const binding: IisBinding = { protocol: normalizedProtocol, bindingInformation };

  let parsed: ParseResult;
  if (ADDRESS_PORT_HOST_PROTOCOLS.has(normalizedProtocol)) {
    parsed = parseAddressPortHost(bindingInformation);
  } else if (normalizedProtocol === 'net.tcp') {
    parsed = parsePortHost(bindingInformation);
  } else if (HOST_ONLY_PROTOCOLS.has(normalizedProtocol)) {
    parsed = parseHostOnly(bindingInformation);
  } else {
    // Unknown protocols have no documented form, so only the raw value is kept.
    return binding;
  }

  if ('problem' in parsed) {
    return { ...binding, problem: parsed.problem };
  }

  if (normalizedProtocol !== 'https') {
    return { ...binding, ...parsed };
  }

  const flags = parseSslFlags(sslFlags);
  if (typeof flags === 'string') {
    return { ...binding, problem: flags };
  }
  return { ...binding, ...parsed, sslFlags: flags, sni: (flags & 1) === 1 };
}

/**
 * Returns whether a binding host is a wildcard: `*` alone (found in IIS Express files) or
 * `*.example.com` (IIS 10). A wildcard host is not a browsable URL host.
 */
export function isWildcardHost(host: string): boolean {
  return host === '*' || host.startsWith('*.');
}

/** Splits `<address>:<port>:<host>` from the right, so a bracketed IPv6 address keeps its colons. */
function parseAddressPortHost(value: string): ParseResult {
  const hostColon = value.lastIndexOf(':');
  const portColon = hostColon > 0 ? value.lastIndexOf(':', hostColon - 1) : -1;
  if (hostColon < 0 || portColon < 0) {
    return { problem: `binding information "${value}" is not in the form <address>:<port>:<host>` };
  }

  const address = parseAddress(value.slice(0, portColon));
  if (typeof address !== 'string') {
    return address;
  }
  const port = parsePort(value.slice(portColon + 1, hostColon));
  if (typeof port !== 'number') {
    return port;
  }
  const host = value.slice(hostColon + 1);
  const hostProblem = findHostProblem(host);
  if (hostProblem) {
    return { problem: hostProblem };
  }
  return { address, port, host };
}

/** Parses the net.tcp form `<port>:<host match>`. */
function parsePortHost(value: string): ParseResult {
  const colon = value.indexOf(':');
  if (colon < 0) {
    return { problem: `binding information "${value}" is not in the form <port>:<host>` };
  }

  const port = parsePort(value.slice(0, colon));
  if (typeof port !== 'number') {
    return port;
  }
  const host = value.slice(colon + 1);
  if (host === '') {
    return { problem: `binding information "${value}" has no host after the port; use "*" for any host` };
  }
  const hostProblem = findHostProblem(host);
  if (hostProblem) {
    return { problem: hostProblem };
  }
  return { port, host };
}

/** Parses the net.pipe and MSMQ form: a host name or `*`. */
function parseHostOnly(value: string): ParseResult {
  if (value === '' || value.includes(':')) {
    return { problem: `binding information "${value}" is not a host name or "*"` };
  }
  const hostProblem = findHostProblem(value);
  if (hostProblem) {
    return { problem: hostProblem };
  }
  return { host: value };
}

/** Returns the address with IPv6 brackets removed, `*` for all unassigned addresses. */
function parseAddress(value: string): string | { problem: string } {
  if (value === '' || value === '*') {
    return '*';
  }

  if (value.startsWith('[')) {
    if (!value.endsWith(']')) {
      return { problem: `address "${value}" has an unclosed bracket` };
    }
    const inner = value.slice(1, -1);
    if (isIP(inner) !== 6) {
      return { problem: `address "${value}" is not an IPv6 address in brackets` };
    }
    return inner;
  }

  const version = isIP(value);
  if (version === 4) {
    return value;
  }
  if (version === 6) {
    // Without brackets the split between address and port is ambiguous (`::1:80:`).
    return { problem: `IPv6 address "${value}" must be in brackets, as in "[${value}]"` };
  }
  return { problem: `address "${value}" is not an IPv4 address, a bracketed IPv6 address or "*"` };
}

function parsePort(value: string): number | { problem: string } {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    return { problem: `port "${value}" is not a number from 1 to 65535` };
  }
  return port;
}

/**
 * Returns why a host name is invalid, or undefined when it is acceptable. `""` (any host) is
 * acceptable. The check rejects only what no host name can contain, so IDN host names pass.
 */
function findHostProblem(host: string): string | undefined {
  if (/[\s\u0000-\u001f\u007f]/u.test(host)) {
    return `host "${host}" contains a space or a control character`;
  }
  if (/[/\\?#@[\]<>"]/.test(host)) {
    return `host "${host}" contains a character that is not allowed in a host name`;
  }
  if (host.includes('*') && !isWildcardHost(host)) {
    return `host "${host}" has a "*" outside a wildcard left-most label such as "*.example.com"`;
  }
  if (host.startsWith('*.') && host.indexOf('*', 1) >= 0) {
    return `host "${host}" has a "*" outside the left-most label`;
  }
  return undefined;
}

/** Returns the flags as a number, or a problem sentence when the value is invalid. */
function parseSslFlags(value: number | string | undefined): number | string {
  if (value === undefined) {
    return 0;
  }
  const flags = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(flags) || flags < 0 || flags > MAX_SSL_FLAGS) {
    return `sslFlags "${value}" is not a whole number from 0 to ${MAX_SSL_FLAGS}`;
  }
  return flags;
}
