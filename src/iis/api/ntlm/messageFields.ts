import { NTLM_SIGNATURE } from './constants';

/** A byte sequence that is not a well-formed NTLM message or structure. */
export class NtlmMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NtlmMessageError';
  }
}

/** Checks the signature and type of an NTLM message; throws NtlmMessageError otherwise. */
export function checkMessageHeader(message: Buffer, expectedType: number, minimumLength: number, name: string): void {
  if (message.length < minimumLength) {
    throw new NtlmMessageError(`the ${name} message has ${message.length} bytes, fewer than the ${minimumLength} of its header`);
  }
  if (!message.subarray(0, 8).equals(NTLM_SIGNATURE)) {
    throw new NtlmMessageError(`the ${name} message does not start with the signature NTLMSSP`);
  }
  const type = message.readUInt32LE(8);
  if (type !== expectedType) {
    throw new NtlmMessageError(`expected an NTLM ${name} message (type ${expectedType}), got type ${type}`);
  }
}

/**
 * Reads the payload that a security buffer (2 bytes length, 2 bytes maximum length, 4 bytes
 * offset, all little-endian) at `fieldOffset` points to.
 */
export function readSecurityBuffer(message: Buffer, fieldOffset: number, name: string): Buffer {
  const length = message.readUInt16LE(fieldOffset);
  const offset = message.readUInt32LE(fieldOffset + 4);
  if (length === 0) {
    return Buffer.alloc(0);
  }
  if (offset + length > message.length) {
    throw new NtlmMessageError(`${name} (${length} bytes at offset ${offset}) ends after the message (${message.length} bytes)`);
  }
  return Buffer.from(message.subarray(offset, offset + length));
}

/** Lays out header fields and a payload, filling in each field's security buffer. */
export class MessageWriter {
  private readonly header: Buffer;
  private readonly payloads: Buffer[] = [];
  private payloadLength = 0;

  constructor(private readonly headerLength: number) {
    this.header = Buffer.alloc(headerLength);
  }

  /** The fixed part of the message, for the fields that are not security buffers. */
  get fixed(): Buffer {
    return this.header;
  }

  /** Appends `value` to the payload and writes its security buffer at `fieldOffset`. */
  addPayload(fieldOffset: number, value: Buffer): void {
    if (value.length > 0xffff) {
      throw new NtlmMessageError(`a message field of ${value.length} bytes exceeds the NTLM maximum of 65535`);
    }
    const offset = this.headerLength + this.payloadLength;
    this.header.writeUInt16LE(value.length, fieldOffset);
    this.header.writeUInt16LE(value.length, fieldOffset + 2);
    this.header.writeUInt32LE(offset, fieldOffset + 4);
    this.payloads.push(value);
    this.payloadLength += value.length;
  }

  toBuffer(): Buffer {
    return Buffer.concat([this.header, ...this.payloads]);
  }
}

/** Encodes a string as NTLM sends it: UTF-16LE when Unicode was negotiated, otherwise 8-bit OEM. */
export function encodeNtlmString(value: string, unicode: boolean): Buffer {
  return Buffer.from(value, unicode ? 'utf16le' : 'latin1');
}

export function decodeNtlmString(value: Buffer, unicode: boolean): string {
  return value.toString(unicode ? 'utf16le' : 'latin1');
}
