import { SendPacer } from './send-pacer';

describe('SendPacer', () => {
  it('spaces reservations evenly at the configured rate', () => {
    const now = 1_000;
    const pacer = new SendPacer(200, () => now);
    const waits = Array.from({ length: 5 }, () => pacer.reserve());
    expect(waits).toEqual([0, 5, 10, 15, 20]);
  });

  it('does not bank unused slots while idle', () => {
    let now = 0;
    const pacer = new SendPacer(10, () => now);
    pacer.reserve();
    now = 10_000;
    expect([pacer.reserve(), pacer.reserve(), pacer.reserve()]).toEqual([0, 100, 200]);
  });
});
