import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the numbers were measured on. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: above 0.5, other processes were using the CPU. */
  loadAverage: number;
}

/** Describes this machine, Node and the current load. */
export function describeMachine(): MachineInfo {
  return {
    cores: os.cpus().length,
    cpuModel: cpuModelName(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg()[0],
  };
}

/** The first `model name` of /proc/cpuinfo, or what Node reports where that file is missing. */
function cpuModelName(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // Not Linux: fall through to os.cpus().
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/**
 * Returns the installed version of a package from its package.json, read from the file
 * because some packages (jose) do not export `./package.json`.
 */
export function libraryVersion(name: string): string {
  const file = path.resolve(__dirname, '..', 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
