import { subprocessorRegister, subprocessorsAt, type SubprocessorChangeRecord } from './subprocessor-register';

const day = (n: number) => new Date(Date.UTC(2027, 0, 1) + n * 86_400_000);
let seq = 0;
const change = (kind: 'added' | 'removed', name: string, effectiveDay: number): SubprocessorChangeRecord => ({
  id: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
  change: kind,
  name,
  purpose: `${name} purpose`,
  location: 'EU',
  effectiveAt: day(effectiveDay),
  announcedAt: day(effectiveDay - 30),
});

describe('the sub-processor register', () => {
  const hosting = change('added', 'Hosting SIA', 0);
  const mail = change('added', 'Mail relay AS', 10);
  const hostingGone = change('removed', 'Hosting SIA', 40);

  it('shows a change only once it is in effect, and lists the others as upcoming in the order they take effect', () => {
    const register = subprocessorRegister([hostingGone, mail, hosting], day(5));
    expect(register.current.map((s) => s.name)).toEqual(['Hosting SIA']);
    expect(register.current[0].since).toBe(day(0).toISOString());
    expect(register.upcoming.map((c) => [c.change, c.name])).toEqual([
      ['added', 'Mail relay AS'],
      ['removed', 'Hosting SIA'],
    ]);
  });

  it('applies additions and removals in order', () => {
    expect([...subprocessorsAt([hosting, mail, hostingGone], day(10)).keys()].sort()).toEqual(['Hosting SIA', 'Mail relay AS']);
    expect([...subprocessorsAt([hosting, mail, hostingGone], day(40)).keys()]).toEqual(['Mail relay AS']);
    expect(subprocessorRegister([hosting, mail, hostingGone], day(41)).upcoming).toEqual([]);
  });
});
