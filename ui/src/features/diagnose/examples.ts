// Example pastes for the Diagnose page: what admins actually meet (a failed status webhook, an expired token, a code pair).
// The texts live in examples.json so that src-tauri's recorder diagnoses exactly these pastes for the UI tests' replay.
import examples from "./examples.json";

export interface Example {
  label: string;
  text: string;
}

export const EXAMPLES: Example[] = examples;
