import { describe, expect, it } from 'vitest';
import { FieldReader, toBoolean, toIisState, toInteger } from './jsonValues';

describe('toInteger', () => {
  it.each([
    [443, 443],
    ['443', 443],
    [' 80 ', 80],
    ['-1', -1],
    [0, 0],
    ['0x1BB', undefined],
    ['44.3', undefined],
    [44.3, undefined],
    ['', undefined],
    [true, undefined],
    [null, undefined],
    ['99999999999999999999', undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(toInteger(value)).toBe(expected);
  });
});

describe('toBoolean', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['false', false],
    ['False', false],
    [' TRUE ', true],
    ['yes', undefined],
    [1, undefined],
    ['', undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(toBoolean(value)).toBe(expected);
  });
});

describe('toIisState', () => {
  it.each([
    ['started', 'started'],
    ['Stopped', 'stopped'],
    ['stopping', 'stopping'],
    ['paused', 'unknown'],
    [undefined, 'unknown'],
  ])('reads %j as %j', (value, expected) => {
    expect(toIisState(value)).toBe(expected);
  });
});

describe('FieldReader', () => {
  it('treats missing and null fields as absent without warning', () => {
    const warnings: string[] = [];
    const reader = new FieldReader({ present: null }, 'Site "a"', warnings);

    expect(reader.string('present')).toBeUndefined();
    expect(reader.integer('missing')).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('warns about a value of the wrong type', () => {
    const warnings: string[] = [];
    const reader = new FieldReader({ key: 'one', server_auto_start: 'maybe', bindings: {} }, 'Site "a"', warnings);

    expect(reader.integer('key')).toBeUndefined();
    expect(reader.boolean('server_auto_start')).toBeUndefined();
    expect(reader.array('bindings')).toBeUndefined();
    expect(warnings).toEqual([
      'Site "a": field key is "one", not a whole number; it was ignored',
      'Site "a": field server_auto_start is "maybe", not true or false; it was ignored',
      'Site "a": field bindings is {}, not a list; it was ignored',
    ]);
  });
});
