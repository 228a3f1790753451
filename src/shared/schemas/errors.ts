/** The one error envelope: `{error: {code, message, details?}}`. */
import { z } from "zod";
import { ERROR_CODES } from "../constants";

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof ErrorBody>;
