import { app } from "./app";
import type { Env } from "./env";

export { ProgressHub } from "./durable/progress-hub";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
