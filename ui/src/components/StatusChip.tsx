// Chips: the tone vocabulary (pass/warn/fail/neutral/info/accent) and the step- and check-state chip built on it.
import { CheckCircle2, CircleDashed, CircleSlash, TriangleAlert, XCircle, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import type { CheckState } from "../bindings/CheckState";
import type { StepState } from "../bindings/StepState";

export type Tone = "pass" | "warn" | "fail" | "neutral" | "info" | "accent";

export function Chip({ tone, icon: Icon, children }: { tone: Tone; icon?: LucideIcon; children: ReactNode }) {
  return (
    <span className={`chip chip--${tone}`}>
      {Icon && <Icon size={13} strokeWidth={2.25} aria-hidden />}
      {children}
    </span>
  );
}

export const STATE_TONE: Record<StepState | CheckState, { tone: Tone; label: string; icon: LucideIcon }> = {
  pass: { tone: "pass", label: "Passed", icon: CheckCircle2 },
  warn: { tone: "warn", label: "Warning", icon: TriangleAlert },
  fail: { tone: "fail", label: "Failed", icon: XCircle },
  notChecked: { tone: "neutral", label: "Not checked yet", icon: CircleDashed },
  skipped: { tone: "neutral", label: "Skipped", icon: CircleSlash },
};

export function StatusChip({ state, label }: { state: StepState | CheckState; label?: string }) {
  const { tone, icon, label: stateLabel } = STATE_TONE[state];
  return (
    <Chip tone={tone} icon={icon}>
      {label ?? stateLabel}
    </Chip>
  );
}
