// The liquidation-probability Monte Carlo, off the page's main thread.
// It loads the WebAssembly module, runs a LiquidationSimulation in chunks
// (yielding between them so a cancel message is heard), posts progress a
// few times a second, then the result, then a sweep over leverage with the
// same seed. It does no maths of its own: every figure comes from the module.
//
// Messages in:
//   { type: 'run', id, input, sweep }   input: a liquidationProbability input;
//                                        sweep: also run it at other leverages
//   { type: 'cancel', id }
// Messages out (each with the run's id):
//   { type: 'progress', progress, trace, elapsedMs }   trace: [paths[], probability[], low[], high[]]
//                                                       since the last progress message
//   { type: 'result', result, elapsedMs }               all paths done
//   { type: 'sweep', leverage, maxLeverage, pathsEach, points, done }
//   { type: 'done', elapsedMs }                         result and sweep complete
//   { type: 'cancelled', result }                       result: the paths done so far
//   { type: 'error', message, field }                   field: the input's path ('' if none)

import init, { LiquidationSimulation, loopPosition } from '../pkg/restake_calc.js';

const ready = init();

/** Progress messages at most this often (ms), besides the first and last. */
const PROGRESS_EVERY = 200;
/** A chunk of paths takes about this long (ms), so a cancel is heard quickly. */
const CHUNK_MS = 25;
/** The convergence trace gets at least this many points. */
const TRACE_POINTS = 100;
/** Leverages of the sweep: these fractions of the way from 1× to the market's maximum. */
const SWEEP_FRACTIONS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97];

let current = null;

self.onmessage = (event) => {
  const message = event.data ?? {};
  if (message.type === 'cancel') {
    if (current && current.id === message.id) current.cancelled = true;
  } else if (message.type === 'run') {
    if (current) current.cancelled = true;
    const run = { id: message.id, cancelled: false };
    current = run;
    execute(run, message).catch((error) => post(run, errorMessage(error))).finally(() => {
      if (current === run) current = null;
    });
  }
};

function post(run, message) {
  self.postMessage({ ...message, id: run.id });
}

/** An Error from the module as a message: its `field` does not survive structured cloning. */
function errorMessage(error) {
  return {
    type: 'error',
    message: String(error?.message ?? error),
    field: typeof error?.field === 'string' ? error.field : '',
  };
}

// A macrotask that is not throttled like a nested setTimeout: lets the
// worker read its messages (a cancel) between chunks.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToMessages = () =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

async function execute(run, { input, sweep }) {
  try {
    await ready;
  } catch (error) {
    post(run, { type: 'error', message: `The simulation could not start: ${error?.message ?? error}`, field: '' });
    return;
  }
  const start = performance.now();
  const simulation = new LiquidationSimulation(input); // throws on bad input, by field
  try {
    const finished = await runWithProgress(run, simulation, start);
    if (!finished) {
      post(run, { type: 'cancelled', result: simulation.result() });
      return;
    }
    post(run, { type: 'result', result: simulation.result(), elapsedMs: performance.now() - start });
  } finally {
    simulation.free();
  }
  if (sweep && !(await sweepLeverage(run, input))) {
    post(run, { type: 'cancelled', result: null });
    return;
  }
  post(run, { type: 'done', elapsedMs: performance.now() - start });
}

/** Runs every path of `simulation` in chunks of about CHUNK_MS, calling
 *  `afterChunk(now)` after each; false if cancelled first. */
async function runAll(run, simulation, afterChunk = () => {}) {
  const total = simulation.pathsTotal;
  let chunk = 16;
  while (simulation.pathsDone < total) {
    const t0 = performance.now();
    simulation.run(chunk);
    const t1 = performance.now();
    afterChunk(t1);
    // The next chunk: about CHUNK_MS at the rate just seen, and small
    // enough that the convergence trace has TRACE_POINTS points.
    const perPath = Math.max(t1 - t0, 0.01) / chunk;
    chunk = Math.max(1, Math.min(Math.ceil(total / TRACE_POINTS), Math.floor(CHUNK_MS / perPath)));
    await yieldToMessages();
    if (run.cancelled) return false;
  }
  return true;
}

/** `runAll` for the main run: the convergence trace after every chunk, a
 *  progress message a few times a second (and after the first and last chunk). */
function runWithProgress(run, simulation, start) {
  const total = simulation.pathsTotal;
  const trace = [[], [], [], []];
  let lastPost = -Infinity;
  return runAll(run, simulation, (now) => {
    const progress = simulation.progress();
    trace[0].push(progress.paths);
    trace[1].push(progress.probability);
    trace[2].push(progress.interval95.low);
    trace[3].push(progress.interval95.high);
    if (now - lastPost >= PROGRESS_EVERY || progress.paths === total) {
      post(run, { type: 'progress', progress, trace: trace.map((a) => a.splice(0)), elapsedMs: now - start });
      lastPost = now;
    }
  });
}

/** The `loopPosition` part of a `liquidationProbability` input. */
function loopPart(input) {
  const { horizonDays, paths, seed, stepsPerDay, marketDiscount, slashing, ...loop } = input;
  return loop;
}

/** The probability at leverages from 1× to the market's maximum, one flash-loan
 *  step each, with a tenth of the paths (at least 1,000) and the same seed.
 *  Posts each point as it comes; false if cancelled first. */
async function sweepLeverage(run, input) {
  const today = loopPosition(loopPart(input));
  const max = today.maxLeverage;
  const pathsEach = Math.max(1000, Math.ceil(Number(input.paths) / 10));
  const points = [];
  const send = (done) =>
    post(run, { type: 'sweep', leverage: today.leverage, maxLeverage: max, pathsEach, points: points.slice(), done });
  if (max == null) {
    send(true);
    return true;
  }
  const { loops, targetLeverage, ...rest } = input;
  for (const fraction of SWEEP_FRACTIONS) {
    // Two decimals, rounded down: a round number, still below the maximum.
    const leverage = Math.floor((1 + (max - 1) * fraction) * 100) / 100;
    if (leverage <= 1) continue;
    let simulation;
    try {
      simulation = new LiquidationSimulation({ ...rest, targetLeverage: leverage, paths: pathsEach });
    } catch {
      continue; // a leverage this market cannot reach with these costs: left out
    }
    try {
      if (!(await runAll(run, simulation))) return false;
      const r = simulation.progress();
      points.push({ leverage, probability: r.probability, standardError: r.standardError, interval95: r.interval95 });
    } finally {
      simulation.free();
    }
    send(false);
  }
  send(true);
  return true;
}
