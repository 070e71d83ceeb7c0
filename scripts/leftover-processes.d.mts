/** Types for scripts/leftover-processes.mjs (plain JS so `node scripts/test.mjs` runs it without tsx). */
export interface MarkedProcess {
  pid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
}
export const TEST_RUN_VAR: 'ARW_TEST_RUN';
export function findMarkedProcesses(name: string, value: string, exclude?: readonly number[]): MarkedProcess[];
export function findLeftovers(
  name: string,
  value: string,
  graceMs?: number,
  exclude?: readonly number[],
): MarkedProcess[];
export function killProcesses(processes: readonly MarkedProcess[]): void;
export function describeProcesses(processes: readonly MarkedProcess[]): string;
