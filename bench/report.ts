/** Shared by the benchmarks: the machine they ran on and percentile summaries of timings. */
import os from "node:os";

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown cpu";
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, Node ${process.versions.node}`;
}

export function summarize(label: string, samplesMs: number[]): string {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return `${label.padEnd(44)} n=${String(sorted.length).padStart(4)}  p50 ${at(50).toFixed(1).padStart(7)} ms  p95 ${at(95).toFixed(1).padStart(7)} ms  max ${sorted[sorted.length - 1].toFixed(1).padStart(7)} ms`;
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
