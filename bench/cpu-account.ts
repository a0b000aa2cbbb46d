import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time of the run against the CPU time of the whole machine over the same period. */
export interface CpuShare {
  wallSeconds: number;
  /** User, nice and system time of every core, from /proc/stat. */
  machineCpuSeconds: number;
  /** This process and the children it started and stopped. */
  benchCpuSeconds: number;
  /** The difference: other processes, plus kernel work not charged to any process. */
  otherCpuSeconds: number;
}

/**
 * Measures how much CPU other processes used while the benchmark ran, on Linux: the busy time
 * of /proc/stat minus the time of this process and of each child recorded with
 * {@link addChild} before it exits. Elsewhere {@link finish} returns undefined.
 */
export class CpuAccount {
  private readonly ticksPerSecond = clockTicks();
  private readonly startMachine = this.machineSeconds();
  private readonly startOwn = process.cpuUsage();
  private readonly startTime = process.hrtime.bigint();
  private childSeconds = 0;

  /** Adds the CPU time used so far by child `pid`. Call it just before stopping the child. */
  addChild(pid: number | undefined): void {
    if (pid === undefined || this.ticksPerSecond === undefined) return;
    try {
      // Fields 14 and 15 of /proc/PID/stat are utime and stime. The name in field 2 may contain spaces, so split after it.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      this.childSeconds += (Number(fields[11]) + Number(fields[12])) / this.ticksPerSecond;
    } catch {
      // The child already exited: its time is lost, and it counts as other load.
    }
  }

  finish(): CpuShare | undefined {
    const endMachine = this.machineSeconds();
    if (this.startMachine === undefined || endMachine === undefined) return undefined;

    const own = process.cpuUsage(this.startOwn);
    const benchCpuSeconds = (own.user + own.system) / 1e6 + this.childSeconds;
    const machineCpuSeconds = endMachine - this.startMachine;
    return {
      wallSeconds: Number(process.hrtime.bigint() - this.startTime) / 1e9,
      machineCpuSeconds,
      benchCpuSeconds,
      otherCpuSeconds: Math.max(0, machineCpuSeconds - benchCpuSeconds),
    };
  }

  private machineSeconds(): number | undefined {
    if (this.ticksPerSecond === undefined) return undefined;
    try {
      const [user, nice, system] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 4).map(Number);
      return (user + nice + system) / this.ticksPerSecond;
    } catch {
      return undefined;
    }
  }
}

function clockTicks(): number | undefined {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || undefined;
  } catch {
    return undefined;
  }
}
