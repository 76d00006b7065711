import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One field (kB) of /proc/<pid>/status, in MB; NaN once the process is gone. */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory now. */
export function rssMb(pid: number): number {
  return statusMb(pid, 'VmRSS');
}

/** The kernel's high-water mark of resident memory since the process started. */
export function peakRssMb(pid: number): number {
  return statusMb(pid, 'VmHWM');
}

export interface MemorySampler {
  /** The highest of the sampled VmRSS and the last VmHWM read, in MB. */
  peakMb(): number;
  stop(): void;
}

/** Samples a process's memory every `everyMs` for as long as it runs, keeping the peak. */
export function sampleMemory(pid: number, everyMs = 250): MemorySampler {
  let peak = 0;
  const sample = () => {
    const now = Math.max(rssMb(pid), peakRssMb(pid));
    if (now > peak) peak = now;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    peakMb: () => {
      sample();
      return peak;
    },
    stop: () => clearInterval(timer),
  };
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User plus system CPU time a process has used, in seconds (utime and stime of /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return Number.NaN;
  }
}

/** Busy CPU time of the whole machine (all cores, idle and iowait excluded), in seconds. */
export function machineBusySeconds(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return (user + nice + system + irq + softirq + steal) / clockTicks();
}

export interface CpuWindow {
  /** CPU used since the start of the window, as % of one core, per pid and for the machine. */
  stop(): { perPid: Map<number, number>; machine: number; seconds: number };
}

/** CPU use of `pids` and of the machine from now until stop(). */
export function cpuWindow(pids: readonly number[]): CpuWindow {
  const started = Date.now();
  const before = new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
  const machineBefore = machineBusySeconds();
  return {
    stop() {
      const seconds = (Date.now() - started) / 1000;
      const perPid = new Map(pids.map((pid) => [pid, ((cpuSeconds(pid) - (before.get(pid) as number)) / seconds) * 100]));
      return { perPid, machine: ((machineBusySeconds() - machineBefore) / seconds) * 100, seconds };
    },
  };
}
