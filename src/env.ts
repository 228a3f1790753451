/**
 * The Worker's bindings and the one place that reads configuration from the environment.
 */
import type { SubscriptionCheckMessage, VideoMessage } from "./shared/messages";

export interface Env {
  DB: D1Database;
  VIDEOS_QUEUE: Queue<VideoMessage>;
  PROGRESS_HUB: DurableObjectNamespace<import("./durable/progress-hub").ProgressHub>;
  ATTEMPT_COUNTER: DurableObjectNamespace<import("./durable/attempt-counter").AttemptCounter>;
  ASSETS?: Fetcher;
  /** Sign-in attempts per client address (wrangler.toml `[[ratelimits]]`). */
  LOGIN_LIMITER?: RateLimit;
  /** Sign-ups per client address. */
  REGISTER_LIMITER?: RateLimit;
  AI?: Ai;
  YOUTUBE_API_KEY?: string;
  YOUTUBE_API_BASE?: string;
  YOUTUBE_OEMBED_URL?: string;
  GEMINI_API_KEY?: string;
  GEMINI_API_BASE?: string;
  GEMINI_MODEL?: string;
  /** Text-generation model for `AI_PROVIDER=workers-ai`; must support JSON mode. */
  WORKERS_AI_MODEL?: string;
  AI_PROVIDER?: string;
  /** Seconds without a report before the reconciler re-drives a running job. */
  STALL_SECONDS?: string;
  /** Comma-separated origins, besides the app's own, whose pages may open the progress socket. */
  ALLOWED_ORIGINS?: string;
  /** Secret mixed into every new password hash (HMAC before PBKDF2); never stored in D1. */
  PASSWORD_PEPPER?: string;
  /** Most videos of one user in the queue or in flight at once (the hub's window). */
  HUB_WINDOW?: string;
  /** One message per due subscription, handed out by the Cron Trigger (src/scheduled). */
  SUBSCRIPTION_CHECKS: Queue<SubscriptionCheckMessage>;
  /** Minutes between two scheduled checks of one subscription. */
  SUBSCRIPTION_CHECK_MINUTES?: string;
  LIMIT_SUBSCRIPTIONS?: string;
}

export type AiProvider = "gemini" | "workers-ai" | "none";

export interface Config {
  youtube: { apiKey: string | null; apiBase: string; oembedUrl: string };
  ai: {
    provider: AiProvider;
    geminiKey: string | null;
    geminiBase: string;
    geminiModel: string;
    workersAiModel: string;
  };
  stallMs: number;
  allowedOrigins: string[];
  passwordPepper: string | null;
  /** See HUB_WINDOW. */
  hubWindow: number;
}

/** 2.5 consumer batches of 100: one user keeps a consumer busy while its reports top the window up. */
export const DEFAULT_HUB_WINDOW = 250;

/** Listed as supporting JSON mode (https://developers.cloudflare.com/workers-ai/features/json-mode/). */
export const DEFAULT_WORKERS_AI_MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

const nonEmpty = (value: string | undefined) => (value && value.trim() !== "" ? value.trim() : null);

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
      geminiModel: nonEmpty(env.GEMINI_MODEL) ?? "gemini-2.5-flash",
      workersAiModel: nonEmpty(env.WORKERS_AI_MODEL) ?? DEFAULT_WORKERS_AI_MODEL,
    },
    stallMs: Number(nonEmpty(env.STALL_SECONDS) ?? 120) * 1000,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((origin) => origin.trim().replace(/\/$/, ""))
      .filter(Boolean),
    passwordPepper: env.PASSWORD_PEPPER && env.PASSWORD_PEPPER !== "" ? env.PASSWORD_PEPPER : null,
    hubWindow: positiveInt(env.HUB_WINDOW) ?? DEFAULT_HUB_WINDOW,
  };
}

function positiveInt(value: string | undefined): number | null {
  const parsed = Number(nonEmpty(value) ?? Number.NaN);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : null;
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
  };
}

/** How often subscriptions are checked, and how many checks one Cron tick hands out at most. */
export function readSubscriptionSchedule(env: Env): { intervalSeconds: number; perTick: number } {
  return { intervalSeconds: (positiveInt(env.SUBSCRIPTION_CHECK_MINUTES) ?? 60) * 60, perTick: 1_000 };
}
