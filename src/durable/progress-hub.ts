import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

/** Per-user progress hub. Filled in by the pipeline work; the binding exists from day one. */
export class ProgressHub extends DurableObject<Env> {}
