// A Graph value as the backend explains it ({ value, tone, meaning }): a chip in its tone with Meta's spelling, and
// the meaning as its tooltip. The tone and the words come from Rust (waba_core::graph_states); there is no table here.
import type { Explained } from "../bindings/Explained";
import { Chip } from "./StatusChip";

interface Props {
  explained: Explained<string> | null;
  /** Shown (neutral) when Meta did not send the value. */
  absent?: string;
  testId?: string;
}

export function ExplainedChip({ explained, absent = "UNKNOWN", testId }: Props) {
  if (!explained) {
    return (
      <span data-testid={testId}>
        <Chip tone="neutral">
          <span className="mono">{absent}</span>
        </Chip>
      </span>
    );
  }
  return (
    <span title={explained.meaning} data-testid={testId} data-tone={explained.tone}>
      <Chip tone={explained.tone}>
        <span className="mono">{explained.value}</span>
      </Chip>
    </span>
  );
}
