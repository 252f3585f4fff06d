import { parentPort, Worker } from 'node:worker_threads';

// Request/reply over a worker thread, for the PNG worker of `mrd run` (figureRenderer.ts,
// pngWorker.ts). Nothing here loads resvg.

interface Call<Q> {
  id: number;
  request: Q;
}
type Reply<R> = { id: number; ok: true; result: R } | { id: number; ok: false; message: string; stack?: string };

/** The calling side of a worker started by `callWorker`. */
export interface WorkerCalls<Q, R> {
  /** Sends `request`; resolves with the worker's result, rejects with its error. */
  call(request: Q): Promise<R>;
  /** Terminates the worker (and the workers it started); calls under way are rejected. Safe to repeat. */
  close(): Promise<void>;
}

/**
 * Starts the worker at `url` (an ES module that calls `answerCalls`). Never a hang: the worker is
 * unref'd except while a call is awaited, so an idle worker never keeps the process alive; an
 * uncaught exception in the worker, or its exit, rejects every call under way and every later one
 * with an Error naming `name` and carrying the worker's stack.
 */
export function callWorker<Q, R>(url: URL, name: string): WorkerCalls<Q, R> {
  const worker = new Worker(url);
  const pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  let nextId = 0;

  const take = (id: number) => {
    const p = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return p;
  };
  const fail = (e: Error) => {
    failure ??= e;
    for (const id of [...pending.keys()]) take(id)!.reject(failure);
  };
  worker.on('message', (m: Reply<R>) => {
    const p = take(m.id);
    if (!p) return;
    if (m.ok) p.resolve(m.result);
    else p.reject(remoteError(m.message, m.stack));
  });
  worker.on('messageerror', (e) => fail(new Error(`${name}: a reply could not be read: ${e.message}`)));
  worker.on('error', (e) => fail(remoteError(`${name}: ${e instanceof Error ? e.message : String(e)}`, e instanceof Error ? e.stack : undefined)));
  worker.on('exit', (code) => fail(new Error(`${name} stopped (exit code ${code}) before answering`)));
  // after the listeners: a 'message' listener refs the worker again, so an idle worker that was never
  // called would otherwise keep the process alive
  worker.unref();

  return {
    call(request) {
      if (failure) return Promise.reject(failure);
      return new Promise<R>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.ref();
        try {
          worker.postMessage({ id, request } satisfies Call<Q>);
        } catch (e) {
          take(id);
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    },
    async close() {
      fail(new Error(`${name} closed before answering`));
      await worker.terminate();
    },
  };
}

/**
 * The worker side: answers every call with `handle`, which gives the result and the ArrayBuffers to
 * transfer (not copy) with it; at most `concurrency` calls at a time (1: one after the other), later
 * ones wait in order. An error of `handle` is sent back (its message, and the stack of its first
 * cause) and the worker keeps serving.
 */
export function answerCalls<Q, R>(handle: (request: Q) => Promise<{ result: R; transfer?: ArrayBuffer[] }>, options: { concurrency: number }): void {
  if (!parentPort) throw new Error('this module runs as a worker thread only');
  const port = parentPort;
  const waiting: (() => Promise<void>)[] = [];
  let running = 0;
  const next = () => {
    while (running < options.concurrency && waiting.length > 0) {
      running++;
      void waiting.shift()!().finally(() => {
        running--;
        next();
      });
    }
  };
  port.on('message', (m: Call<Q>) => {
    const answer = async () => {
      let reply: Reply<R>;
      let transfer: ArrayBuffer[] = [];
      try {
        const r = await handle(m.request);
        reply = { id: m.id, ok: true, result: r.result };
        transfer = r.transfer ?? [];
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        let origin = err;
        while (origin.cause instanceof Error) origin = origin.cause;
        reply = { id: m.id, ok: false, message: err.message, stack: origin.stack };
      }
      try {
        port.postMessage(reply, transfer);
      } catch (e) {
        port.postMessage({ id: m.id, ok: false, message: `the reply could not be sent: ${e instanceof Error ? e.message : String(e)}` } satisfies Reply<R>);
      }
    };
    waiting.push(answer);
    next();
  });
}

/** An Error of this thread for an error of a worker: the worker's message, with its stack appended. */
function remoteError(message: string, stack: string | undefined): Error {
  const e = new Error(message);
  if (stack) e.stack = `Error: ${message}\n    (in a worker thread:)\n${stack}`;
  return e;
}
