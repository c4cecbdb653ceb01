import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progressBar';

function stream(isTTY: boolean, columns?: number) {
  const written: string[] = [];
  return { written, isTTY, columns, write: (text: string) => written.push(text) };
}

describe('ProgressBar', () => {
  it('writes nothing off a terminal', () => {
    const target = stream(false);
    const bar = new ProgressBar(target, 3);
    bar.draw();
    bar.tick(false);
    bar.tick(true);
    bar.clear();
    expect(target.written).toEqual([]);
  });

  it('redraws in place and counts failures', () => {
    const target = stream(true, 120);
    const bar = new ProgressBar(target, 4);
    bar.tick(false);
    bar.tick(true);
    expect(target.written[0]).toBe(`\rReading IIS servers [${'#'.repeat(8)}${'-'.repeat(22)}] 1/4`);
    expect(target.written[1]).toBe(`\rReading IIS servers [${'#'.repeat(15)}${'-'.repeat(15)}] 2/4, 1 failed`);
  });

  it('erases exactly what it drew', () => {
    const target = stream(true, 120);
    const bar = new ProgressBar(target, 2);
    bar.tick(false);
    const drawn = target.written[0].length - 1;
    bar.clear();
    expect(target.written[1]).toBe(`\r${' '.repeat(drawn)}\r`);
    bar.clear();
    expect(target.written).toHaveLength(2);
  });

  it('fits a narrow terminal', () => {
    const target = stream(true, 40);
    new ProgressBar(target, 10).tick(false);
    expect(target.written[0].length).toBeLessThanOrEqual(40);
  });
});
