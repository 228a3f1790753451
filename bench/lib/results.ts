/**
 * bench/results.json and the README's table. Results are kept per scenario and merged: running
 * `BENCH_SCENARIOS=fairness` replaces fairness's entry and keeps the others as they were, each
 * with the commit, time and machine load of its own run, so the table can mix runs honestly.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import type { Row } from "../scenario.ts";
import { type AppSource, describeSource } from "./app-snapshot.ts";
import type { MachineLoad } from "./machine-load.ts";

export interface ScenarioResult {
  label: string;
  summary: string;
  ranAt: string;
  source: AppSource;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; runtime: string };
  config: Record<string, unknown>;
  /** The scenario's own run, then each shared fixture it read (made while it or an earlier one ran). */
  load: { own: MachineLoad; fixtures: Record<string, MachineLoad> };
  rows: Row[];
  details: Record<string, unknown>;
  error?: string;
}

export interface Results {
  updatedAt: string;
  scenarios: Record<string, ScenarioResult>;
}

export async function mergeResults(path: string, fresh: Record<string, ScenarioResult>): Promise<Results> {
  let previous: Record<string, ScenarioResult> = {};
  if (existsSync(path)) {
    try {
      const parsed = JSON.parse(await readFile(path, "utf8")) as Partial<Results>;
      // A file from before the split (one flat run, no `scenarios`) is replaced, not merged.
      previous = parsed.scenarios ?? {};
    } catch {
      previous = {};
    }
  }
  const results: Results = { updatedAt: new Date().toISOString(), scenarios: { ...previous, ...fresh } };
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** Label order: the number first, then the label. */
export const byLabel = (a: { label: string }, b: { label: string }) =>
  Number.parseFloat(a.label) - Number.parseFloat(b.label) || a.label.localeCompare(b.label);

const cell = (value: unknown) => String(value).replaceAll("|", "\\|").replaceAll("\n", " ");

/**
 * The busiest neighbours seen over a scenario's windows, and the load average when it began.
 * Windows under 2 s (a scenario that only reads a fixture) are too short to say anything.
 */
export function conditions(result: ScenarioResult) {
  const all = [...Object.values(result.load.fixtures), result.load.own].filter((w) => w !== undefined);
  const long = all.filter((w) => w.seconds >= 2);
  const windows = long.length > 0 ? long : all;
  return {
    loadAverage: Math.min(...windows.map((w) => w.loadAverage[0])),
    otherCoresBusy: Math.max(...windows.map((w) => w.otherCoresBusy)),
  };
}

export function renderTable(results: Results): string {
  const entries = Object.entries(results.scenarios).sort(([, a], [, b]) => byLabel(a, b));
  const lines = ["| scenario | metric | value | target | met | how |", "|---|---|---|---|---|---|"];
  for (const [, result] of entries) {
    for (const row of result.rows) {
      const met = row.met === undefined ? "" : row.met ? "yes" : "**no**";
      lines.push(
        `| ${cell(result.label)} | ${cell(row.metric.trim())} | ${cell(row.value)} | ${cell(row.target ?? "")} | ${met} | ${row.how} |`,
      );
    }
  }
  const runs = new Map<string, string[]>();
  for (const [name, result] of entries) {
    const c = conditions(result);
    const key =
      `${result.ranAt.slice(0, 10)}, ${describeSource(result.source)}, load average ${c.loadAverage} at start, ` +
      `other processes ${c.otherCoresBusy} cores busy`;
    runs.set(key, [...(runs.get(key) ?? []), `\`${name}\``]);
  }
  const machine = entries[0]?.[1].machine;
  const config = entries[0]?.[1].config;
  lines.push("");
  if (machine)
    lines.push(
      `Machine: ${machine.cpus} vCPU (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.runtime}; ` +
        `upstream latency ${config?.latencyMs} ms.`,
    );
  lines.push("Runs (each scenario's latest):");
  for (const [key, names] of runs) lines.push(`- ${names.join(", ")}: ${key}`);
  return lines.join("\n");
}

export const README_START = "<!-- bench:results:start (written by npm run bench) -->";
export const README_END = "<!-- bench:results:end -->";

/** Replaces what is between the markers; a README without them is left alone (and says so). */
export async function updateReadme(path: string, table: string): Promise<boolean> {
  const readme = await readFile(path, "utf8");
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return false;
  const next = `${readme.slice(0, start + README_START.length)}\n${table}\n${readme.slice(end)}`;
  if (next !== readme) await writeFile(path, next);
  return true;
}
