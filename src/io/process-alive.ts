/**
 * Whether the process that left a temporary file or folder still runs, so a cleaner removes only the
 * leftovers of dead runs (EPERM: it runs, under another user).
 */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
