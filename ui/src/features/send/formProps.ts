// What every message form of the Send page receives: the draft, a way to change it, and the preview's findings.
import type { SendFinding } from "../../bindings/SendFinding";
import type { ComposeDraft } from "./compose";

export interface FormProps {
  profileId: string;
  draft: ComposeDraft;
  change: (edit: (draft: ComposeDraft) => ComposeDraft) => void;
  /** The findings of the latest preview (empty before the first answer). */
  findings: SendFinding[];
}
