// The highlighted "How to fix" box under a failing or warning verdict.
import { Wrench } from "lucide-react";
import type { ReactNode } from "react";

export function FixBox({ tone, title = "How to fix", children }: { tone: "fail" | "warn"; title?: ReactNode; children: ReactNode }) {
  return (
    <div className={`fix fix--${tone}`}>
      <Wrench size={15} aria-hidden />
      <div>
        <strong>{title}</strong>
        <p>{children}</p>
      </div>
    </div>
  );
}
