import { oneWriteAtATime } from './one-write-at-a-time';

describe('oneWriteAtATime', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('runs the writes to one document one after another, in order, and others alongside', async () => {
    const write = oneWriteAtATime();
    const log: string[] = [];
    const step = (doc: string, name: string) => async () => {
      log.push(`${name} starts`);
      await tick();
      log.push(`${name} ends`);
      return name;
    };
    const results = await Promise.all([write('a', step('a', 'a1')), write('a', step('a', 'a2')), write('b', step('b', 'b1'))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a2 starts')).toBeGreaterThan(log.indexOf('a1 ends'));
    expect(log.indexOf('b1 starts')).toBeLessThan(log.indexOf('a1 ends'));
  });

  it('goes on after a write that failed, and hands that failure to its caller', async () => {
    const write = oneWriteAtATime();
    const failed = write('a', async () => {
      throw new Error('lost connection');
    });
    const next = write('a', async () => 'written');
    await expect(failed).rejects.toThrow('lost connection');
    await expect(next).resolves.toBe('written');
  });
});
