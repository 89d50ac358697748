import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';

/** A task's state in a batch's control array: open (or being computed by a worker), done by a worker, taken by the calling thread. */
export const TASK_OPEN = 0;
export const TASK_DONE_BY_WORKER = 1;
const TASK_TAKEN_HERE = 2;

/** What every batch tells a worker besides its own data: the shared counter and states, and where to answer. */
export interface TaskBatch {
  /** [0]: the next task to take; [1 + t]: task t's state. Shared by the calling thread and every worker. */
  control: Int32Array;
  /** Where this worker sends each answer (with `t`; its buffers transferred, or shared); one channel per worker. */
  port: MessagePort;
}

/** Of one batch: tasks answered by workers, and tasks taken over from a late worker. */
export interface BatchCounts {
  byWorkers: number;
  redone: number;
}

/**
 * Runs tasks 0 .. n - 1 on the calling thread and on the workers at once, all taking the next task
 * from one shared counter, so a slow task never holds up the rest; returns the answers in task order.
 *
 * Synchronous (analyze is): the calling thread works through tasks, then waits on each task a worker
 * took (Atomics.wait). A worker late by several times a task's usual time here (stopped, or starved
 * by other work on the machine) has its task computed again here: the answers are the same from any
 * thread, so whichever finishes first is used, and no call can hang on a worker.
 */
export function shareTasks<R>(
  workers: readonly Worker[],
  n: number,
  /** The batch message for one worker, given the shared control array and the worker's answering port. */
  batch: (base: TaskBatch) => TaskBatch,
  here: (t: number) => R,
  /** A worker's answer message as [task, answer]. */
  answer: (message: unknown) => [number, R],
  /** Least time to wait for a task a worker took before computing it here too. */
  minPatienceMs: number,
  counts: BatchCounts,
  onDone?: (done: number) => void,
): R[] {
  return postTasks(workers, n, batch).finish(here, answer, minPatienceMs, counts, onDone);
}

/** Tasks the workers have started on: `finish` takes the rest on the calling thread and returns every answer. */
export interface PostedTasks {
  finish<R>(
    here: (t: number) => R, answer: (message: unknown) => [number, R], minPatienceMs: number, counts: BatchCounts, onDone?: (done: number) => void,
  ): R[];
}

/**
 * `shareTasks` in two halves: the workers start on the tasks now, and the calling thread joins them
 * when it calls `finish` (once), after other work of its own. Until then the workers alone take tasks.
 */
export function postTasks(workers: readonly Worker[], n: number, batch: (base: TaskBatch) => TaskBatch): PostedTasks {
  const control = new Int32Array(new SharedArrayBuffer(4 * (1 + n)));
  const ports = workers.map((w) => {
    const { port1, port2 } = new MessageChannel();
    w.postMessage(batch({ control, port: port2 }), [port2]);
    return port1;
  });
  return {
    finish(here, answer, minPatienceMs, counts, onDone) {
      return finishTasks(control, ports, n, here, answer, minPatienceMs, counts, onDone);
    },
  };
}

function finishTasks<R>(
  control: Int32Array, ports: readonly MessagePort[], n: number,
  here: (t: number) => R, answer: (message: unknown) => [number, R], minPatienceMs: number, counts: BatchCounts, onDone?: (done: number) => void,
): R[] {
  const results = new Array<R>(n);
  const taken = new Uint8Array(n);
  let ownMs = 0, own = 0, done = 0;
  for (let t = Atomics.add(control, 0, 1); t < n; t = Atomics.add(control, 0, 1)) {
    const t0 = performance.now();
    results[t] = here(t);
    taken[t] = 1;
    Atomics.store(control, 1 + t, TASK_TAKEN_HERE);
    ownMs += performance.now() - t0;
    own++;
    onDone?.(++done);
  }
  // The tasks workers took. Patience: four times a task's time here (at least minPatienceMs) before
  // redoing one. (When the workers took every task before this thread joined, minPatienceMs alone.)
  const patienceMs = Math.max(minPatienceMs, 4 * (own ? ownMs / own : 0));
  const received = new Map<number, R>();
  counts.byWorkers = 0;
  counts.redone = 0;
  try {
    for (let t = 0; t < n; t++) {
      if (taken[t]) continue;
      const waited = Atomics.wait(control, 1 + t, TASK_OPEN, patienceMs);
      if (waited === 'timed-out' && Atomics.compareExchange(control, 1 + t, TASK_OPEN, TASK_TAKEN_HERE) === TASK_OPEN) {
        results[t] = here(t);
        counts.redone++;
      } else {
        results[t] = answerOf(t, ports, received, answer);
        counts.byWorkers++;
      }
      onDone?.(++done);
    }
  } finally {
    for (const port of ports) port.close();
  }
  return results;
}

/** Task t's answer from the workers' ports (a worker posts it before marking the task done, so it is there). */
function answerOf<R>(t: number, ports: readonly MessagePort[], received: Map<number, R>, answer: (message: unknown) => [number, R]): R {
  for (;;) {
    const got = received.get(t);
    if (got !== undefined) return got;
    let any = false;
    for (const port of ports) {
      const msg = receiveMessageOnPort(port) as { message: unknown } | undefined;
      if (!msg) continue;
      any = true;
      const [k, r] = answer(msg.message);
      received.set(k, r);
    }
    if (!any) throw new Error(`a worker marked task ${t} done without sending it`);
  }
}

/**
 * A worker's side of a batch: takes tasks off the shared counter until none are left; sends each
 * answer, then marks the task done (unless the calling thread has taken it over meanwhile) and wakes
 * the calling thread.
 */
export function takeTasks(
  { control, port }: TaskBatch, n: number,
  compute: (t: number) => { message: unknown; transfer: ArrayBuffer[] },
): void {
  for (let t = Atomics.add(control, 0, 1); t < n; t = Atomics.add(control, 0, 1)) {
    const { message, transfer } = compute(t);
    port.postMessage(message, transfer);
    Atomics.compareExchange(control, 1 + t, TASK_OPEN, TASK_DONE_BY_WORKER);
    Atomics.notify(control, 1 + t);
  }
  port.close();
}
