/** Peak resident memory of this process while an async task runs. */

/** Runs `task`, sampling `process.memoryUsage().rss` every `intervalMs`; returns its result and the peak (bytes). */
export async function withPeakRss<T>(task: () => Promise<T>, intervalMs = 50): Promise<{ result: T; peakRss: number; samples: number }> {
  let peakRss = process.memoryUsage().rss;
  let samples = 1;
  const sample = (): void => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    samples++;
  };
  const timer = setInterval(sample, intervalMs);
  try {
    const result = await task();
    sample();
    return { result, peakRss, samples };
  } finally {
    clearInterval(timer);
  }
}
