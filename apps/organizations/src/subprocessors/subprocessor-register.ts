import type { SubprocessorChangeView, SubprocessorRegisterView, SubprocessorView } from '@sargs/contracts';

export interface SubprocessorChangeRecord {
  id: string;
  change: 'added' | 'removed';
  name: string;
  purpose: string;
  location: string;
  effectiveAt: Date;
  announcedAt: Date;
}

const byEffect = (a: SubprocessorChangeRecord, b: SubprocessorChangeRecord): number =>
  a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.announcedAt.getTime() - b.announcedAt.getTime() || a.id.localeCompare(b.id);

/** The sub-processors in use at `at`: every change in effect by then, applied in order (by name). */
export function subprocessorsAt(changes: readonly SubprocessorChangeRecord[], at: Date): Map<string, SubprocessorView> {
  const inUse = new Map<string, SubprocessorView>();
  for (const change of [...changes].sort(byEffect)) {
    if (change.effectiveAt.getTime() > at.getTime()) break;
    if (change.change === 'added') inUse.set(change.name, { name: change.name, purpose: change.purpose, location: change.location, since: change.effectiveAt.toISOString() });
    else inUse.delete(change.name);
  }
  return inUse;
}

export const changeView = (change: SubprocessorChangeRecord): SubprocessorChangeView => ({
  id: change.id,
  change: change.change,
  name: change.name,
  purpose: change.purpose,
  location: change.location,
  effectiveAt: change.effectiveAt.toISOString(),
  announcedAt: change.announcedAt.toISOString(),
});

/** The register as GET /subprocessors shows it at `now`: a change counts only once in effect; until then it is upcoming. */
export function subprocessorRegister(changes: readonly SubprocessorChangeRecord[], now: Date): SubprocessorRegisterView {
  return {
    current: [...subprocessorsAt(changes, now).values()].sort((a, b) => a.name.localeCompare(b.name)),
    upcoming: [...changes].sort(byEffect).filter((c) => c.effectiveAt.getTime() > now.getTime()).map(changeView),
  };
}
