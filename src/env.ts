/**
 * Configuration: the variables the Worker reads and the one place that parses them. The
 * bindings themselves (D1, queues, Durable Objects, rate limiters, assets) are typed by
 * `wrangler types` from wrangler.toml into worker-configuration.d.ts (`npm run types`; npm test
 * fails when it is stale).
 */
import { CAP_NAMES, CAPS, type CapName } from "./domain/caps";
import { BATCH_SIZE_RANGE } from "./domain/extraction/batch-size";
import type { Pace } from "./durable/pacing";

/** Variables and secrets, each optional: unset means the default in `readConfig`. */
interface Vars {
  YOUTUBE_API_KEY?: string;
  YOUTUBE_API_BASE?: string;
  YOUTUBE_OEMBED_URL?: string;
  GEMINI_API_KEY?: string;
  GEMINI_API_BASE?: string;
  GEMINI_MODEL?: string;
  /** Text-generation model for `AI_PROVIDER=workers-ai`; must support JSON mode. */
  WORKERS_AI_MODEL?: string;
  AI_PROVIDER?: string;
  /** Most videos per AI call; the token budget may choose fewer (1–25). */
  AI_BATCH_SIZE?: string;
  GEMINI_MAX_OUTPUT_TOKENS?: string;
  /** Upstream limits the governor paces every consumer to (see README "How the budget works"). */
  GEMINI_RPM?: string;
  GEMINI_TPM?: string;
  WORKERS_AI_RPM?: string;
  YOUTUBE_QPS?: string;
  /** Seconds without a report before the reconciler re-drives a running job. */
  STALL_SECONDS?: string;
  /** Comma-separated origins, besides the app's own, whose pages may open the progress socket. */
  ALLOWED_ORIGINS?: string;
  /** Secret mixed into every new password hash (HMAC before PBKDF2); never stored in D1. */
  PASSWORD_PEPPER?: string;
  /** Most videos of one user in the queue or in flight at once (the hub's window). */
  HUB_WINDOW?: string;
  /** Secret that seals webhook signing keys at rest (AES-GCM); webhooks cannot be created without it. */
  WEBHOOK_SECRET_KEY?: string;
  /** `true` lets webhooks call http://127.0.0.1 / localhost (local development only). */
  ALLOW_INSECURE_WEBHOOKS?: string;
  /** Most webhook endpoints per user (default 10). */
  LIMIT_WEBHOOKS?: string;
  LIMIT_LISTS?: string;
  LIMIT_VIDEOS_PER_LIST?: string;
  LIMIT_VIDEOS_PER_USER?: string;
  LIMIT_API_TOKENS?: string;
  LIMIT_ACTIVE_JOBS?: string;
  LIMIT_VIDEOS_PER_DAY?: string;
  /** Minutes between two scheduled checks of one subscription. */
  SUBSCRIPTION_CHECK_MINUTES?: string;
  LIMIT_SUBSCRIPTIONS?: string;
}

/**
 * What the Worker is given: the generated bindings, the variables above, and Workers AI when a
 * deployment adds the `[ai]` binding (wrangler.toml leaves it out, so local runs stay offline).
 */
export interface Env extends Bindings, Vars {
  AI?: Ai;
}

export type AiProvider = "gemini" | "workers-ai" | "none";

export interface Config {
  youtube: { apiKey: string | null; apiBase: string; oembedUrl: string };
  ai: {
    provider: AiProvider;
    geminiKey: string | null;
    geminiBase: string;
    geminiModel: string;
    /** Output tokens one Gemini call may use; the batch size is planned against it. */
    geminiMaxOutputTokens: number;
    workersAiModel: string;
    batchCap: number;
  };
  pace: { gemini: Pace; workersAi: Pace; youtube: Pace };
  stallMs: number;
  allowedOrigins: string[];
  passwordPepper: string | null;
  /** See HUB_WINDOW. */
  hubWindow: number;
  webhooks: { secretKey: string | null; allowInsecure: boolean };
  /** Each cap of domain/caps.ts: its environment override when that is a positive number, else its default. */
  caps: Caps;
  /** How often subscriptions are checked, and how many checks one Cron tick hands out at most. */
  subscriptions: { intervalSeconds: number; perTick: number };
}

export type Caps = Record<CapName, number>;

/** 2.5 consumer batches of 100: one user keeps a consumer busy while its reports top the window up. */
export const DEFAULT_HUB_WINDOW = 250;

/** Listed as supporting JSON mode (https://developers.cloudflare.com/workers-ai/features/json-mode/). */
export const DEFAULT_WORKERS_AI_MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
/**
 * Generally available, no shutdown date announced, and named by Google as the replacement for
 * gemini-2.5-flash (retired) for extraction-style work (ai.google.dev/gemini-api/docs/deprecations).
 */
export const DEFAULT_GEMINI_MODEL = "gemini-3.5-flash-lite";
/** Output ceiling for a Workers AI call; the model's own context limits it further. */
export const WORKERS_AI_MAX_TOKENS = 4_096;

const nonEmpty = (value: string | undefined) => (value && value.trim() !== "" ? value.trim() : null);

/** A positive number from the environment, or the default when unset or not a positive number. */
function positive(value: string | undefined, fallback: number): number {
  const number = Number(nonEmpty(value) ?? Number.NaN);
  return Number.isFinite(number) && number > 0 ? number : fallback;
}

export function readConfig(env: Env): Config {
  const geminiKey = nonEmpty(env.GEMINI_API_KEY);
  return {
    youtube: {
      apiKey: nonEmpty(env.YOUTUBE_API_KEY),
      apiBase: (nonEmpty(env.YOUTUBE_API_BASE) ?? "https://www.googleapis.com/youtube/v3").replace(/\/$/, ""),
      oembedUrl: nonEmpty(env.YOUTUBE_OEMBED_URL) ?? "https://www.youtube.com/oembed",
    },
    ai: {
      provider: chooseAiProvider(nonEmpty(env.AI_PROVIDER), geminiKey !== null, env.AI !== undefined),
      geminiKey,
      geminiBase: (nonEmpty(env.GEMINI_API_BASE) ?? "https://generativelanguage.googleapis.com").replace(/\/$/, ""),
      geminiModel: nonEmpty(env.GEMINI_MODEL) ?? DEFAULT_GEMINI_MODEL,
      geminiMaxOutputTokens: Math.floor(positive(env.GEMINI_MAX_OUTPUT_TOKENS, 8_192)),
      workersAiModel: nonEmpty(env.WORKERS_AI_MODEL) ?? DEFAULT_WORKERS_AI_MODEL,
      batchCap: Math.min(BATCH_SIZE_RANGE.max, Math.floor(positive(env.AI_BATCH_SIZE, 20))),
    },
    allowedOrigins: (env.ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((origin) => origin.trim().replace(/\/$/, ""))
      .filter(Boolean),
    passwordPepper: env.PASSWORD_PEPPER && env.PASSWORD_PEPPER !== "" ? env.PASSWORD_PEPPER : null,
    hubWindow: positiveInt(env.HUB_WINDOW) ?? DEFAULT_HUB_WINDOW,
    webhooks: {
      secretKey: nonEmpty(env.WEBHOOK_SECRET_KEY),
      allowInsecure: nonEmpty(env.ALLOW_INSECURE_WEBHOOKS)?.toLowerCase() === "true",
    },
    // Defaults fit a free-tier Gemini key and Workers AI's published text-generation limit; a
    // paid key should raise GEMINI_RPM / GEMINI_TPM to its tier's numbers.
    pace: {
      gemini: { perMinute: positive(env.GEMINI_RPM, 15), tokensPerMinute: positive(env.GEMINI_TPM, 250_000) },
      workersAi: { perMinute: positive(env.WORKERS_AI_RPM, 300) },
      youtube: { perMinute: positive(env.YOUTUBE_QPS, 10) * 60, burst: Math.ceil(positive(env.YOUTUBE_QPS, 10)) },
    },
    stallMs: positive(env.STALL_SECONDS, 120) * 1000,
    caps: readCaps(env),
    subscriptions: { intervalSeconds: (positiveInt(env.SUBSCRIPTION_CHECK_MINUTES) ?? 60) * 60, perTick: 1_000 },
  };
}

function positiveInt(value: string | undefined): number | null {
  const parsed = Number(nonEmpty(value) ?? Number.NaN);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : null;
}

function readCaps(env: Env): Caps {
  const values = env as unknown as Record<string, string | undefined>;
  return Object.fromEntries(
    CAP_NAMES.map((name) => [name, Math.floor(positive(values[CAPS[name].envVar], CAPS[name].fallback))]),
  ) as Caps;
}

/** Use what was asked for when it can run; otherwise extraction is off and videos still complete. */
function chooseAiProvider(requested: string | null, hasGeminiKey: boolean, hasWorkersAi: boolean): AiProvider {
  if (requested === "none") return "none";
  if (requested === "workers-ai") return hasWorkersAi ? "workers-ai" : "none";
  if (hasGeminiKey) return "gemini";
  return hasWorkersAi && requested === null ? "workers-ai" : "none";
}

/** Hono's context types: bindings plus what middleware puts on the request. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: import("./db/client").Db;
    user: import("./shared/schemas/users").User;
    credential: import("./middleware/auth").Credential;
    /** The request's configuration, parsed once by the app's first middleware. */
    config: Config;
  };
}
