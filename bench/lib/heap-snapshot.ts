/**
 * Reads a V8 heap snapshot (the `.heapsnapshot` JSON DevTools saves) into the few numbers the
 * bench reports: the live size, what kinds of objects hold it, and what a set of objects retains
 * on its own (e.g. every ProgressHub instance: what would be freed if they went away).
 */

export interface HeapSummary {
  liveBytes: number;
  nodes: number;
  /** Largest groups by self size: constructor name for objects, `(kind)` for the rest. */
  top: { name: string; count: number; bytes: number }[];
  /** Per class asked for: its instances and the bytes reachable only through them. */
  retained: Record<string, { instances: number; bytes: number }>;
}

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Kinds shown by kind rather than by name (their names are string contents, code names …). */
const BY_KIND = new Set([
  "string",
  "concatenated string",
  "sliced string",
  "code",
  "array",
  "hidden",
  "number",
  "regexp",
  "bigint",
  "object shape",
  "closure",
]);

export function summarizeHeapSnapshot(json: string, classes: string[] = [], topCount = 12): HeapSummary {
  const data = JSON.parse(json) as Snapshot;
  const meta = data.snapshot.meta;
  const nodeWidth = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const typeOffset = meta.node_fields.indexOf("type");
  const nameOffset = meta.node_fields.indexOf("name");
  const sizeOffset = meta.node_fields.indexOf("self_size");
  const edgeCountOffset = meta.node_fields.indexOf("edge_count");
  const edgeTypeOffset = meta.edge_fields.indexOf("type");
  const toOffset = meta.edge_fields.indexOf("to_node");
  const nameOffsetInEdge = meta.edge_fields.indexOf("name_or_index");
  const nodeTypes = meta.node_types[0];
  const weak = meta.edge_types[0].indexOf("weak");
  const { nodes, edges, strings } = data;
  const count = nodes.length / nodeWidth;

  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, edge = 0; i < count; i++) {
    firstEdge[i] = edge;
    edge += (nodes[i * nodeWidth + edgeCountOffset] as number) * edgeWidth;
    firstEdge[i + 1] = edge;
  }
  const kindOf = (i: number) => nodeTypes[nodes[i * nodeWidth + typeOffset] as number] ?? "unknown";
  const nameOf = (i: number) => strings[nodes[i * nodeWidth + nameOffset] as number] ?? "";
  const sizeOf = (i: number) => nodes[i * nodeWidth + sizeOffset] as number;

  let liveBytes = 0;
  const groups = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < count; i++) {
    const kind = kindOf(i);
    if (kind === "synthetic") continue;
    const name = BY_KIND.has(kind) ? `(${kind})` : kind === "object" || kind === "native" ? nameOf(i) : `(${kind})`;
    const group = groups.get(name) ?? { count: 0, bytes: 0 };
    group.count++;
    group.bytes += sizeOf(i);
    groups.set(name, group);
    liveBytes += sizeOf(i);
  }

  /** Marks every node reachable from `starts` over strong edges, never entering `blocked`. */
  const reach = (starts: number[], blocked: Uint8Array, seen: Uint8Array) => {
    const stack = starts.filter((i) => !seen[i]);
    for (const i of stack) seen[i] = 1;
    while (stack.length > 0) {
      const i = stack.pop() as number;
      for (let e = firstEdge[i] as number; e < (firstEdge[i + 1] as number); e += edgeWidth) {
        if (edges[e + edgeTypeOffset] === weak) continue;
        const to = (edges[e + toOffset] as number) / nodeWidth;
        if (seen[to] || blocked[to]) continue;
        seen[to] = 1;
        stack.push(to);
      }
    }
  };

  const edgeName = (e: number) => {
    const type = meta.edge_types[0][edges[e + edgeTypeOffset] as number];
    return type === "element" || type === "hidden" ? "" : strings[edges[e + nameOffsetInEdge] as number];
  };
  const property = (i: number, name: string): number | undefined => {
    for (let e = firstEdge[i] as number; e < (firstEdge[i + 1] as number); e += edgeWidth) {
      if (edgeName(e) === name) return (edges[e + toOffset] as number) / nodeWidth;
    }
    return undefined;
  };
  /**
   * Instances of a class: objects named after it or whose prototype is, and that are not a
   * prototype themselves. (A Durable Object extends a native class, so its instance is a native
   * wrapper node, "CppgcShim", recognisable only by its `__proto__`.)
   */
  const isInstance = (i: number, className: string) => {
    const kind = kindOf(i);
    if ((kind !== "object" && kind !== "native") || property(i, "constructor") !== undefined) return false;
    if (kind === "object" && nameOf(i) === className) return true;
    const proto = property(i, "__proto__");
    return proto !== undefined && nameOf(proto) === className;
  };

  const retained: HeapSummary["retained"] = {};
  for (const className of classes) {
    const instances: number[] = [];
    const blocked = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      if (isInstance(i, className)) {
        instances.push(i);
        blocked[i] = 1;
      }
    }
    const withoutThem = new Uint8Array(count);
    reach([0], blocked, withoutThem);
    const throughThem = new Uint8Array(count);
    reach(instances, new Uint8Array(count), throughThem);
    let bytes = 0;
    for (let i = 0; i < count; i++) if (throughThem[i] && !withoutThem[i]) bytes += sizeOf(i);
    retained[className] = { instances: instances.length, bytes };
  }

  const top = [...groups]
    .map(([name, group]) => ({ name, ...group }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, topCount);
  return { liveBytes, nodes: count, top, retained };
}
