// Normalises whatever an invoke rejects with into the backend's typed CommandError, so the UI never handles strings.
import type { CommandError } from "../bindings/CommandError";
import type { FieldError } from "../bindings/FieldError";

function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== "object" || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === "string" && typeof message === "string";
}

export function toCommandError(rejection: unknown): CommandError {
  if (isCommandError(rejection)) {
    return { ...rejection, action: rejection.action ?? null, details: rejection.details ?? null };
  }
  const message = rejection instanceof Error ? rejection.message : String(rejection);
  return { code: "internal", message, action: null, details: null };
}

/** The per-field messages of an invalidInput error, keyed by camelCase field name. */
export function fieldErrors(error: CommandError | null | undefined): Record<string, string> {
  if (error?.details?.kind !== "fields") return {};
  return Object.fromEntries(error.details.fields.map((f: FieldError) => [f.field, f.message]));
}
