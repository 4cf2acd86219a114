// One checklist step: its verdict, what it means, the evidence, how to fix it (with the in-app fix), and which page checks it.
import { ArrowRight } from "lucide-react";
import { Link } from "react-router";
import type { ChecklistStep } from "../../bindings/ChecklistStep";
import { FixActionButton } from "../../components/FixActionButton";
import { PageLinks } from "../../components/PageLinks";
import { FixBox } from "../../components/FixBox";
import { RelativeTime } from "../../components/RelativeTime";
import { StatusChip } from "../../components/StatusChip";
import { pathOfPage } from "../../lib/navigation";

function CheckedBy({ page }: { page: string }) {
  const path = pathOfPage(page);
  if (!path) return <span>Checked on the {page} page (coming)</span>;
  return (
    <Link to={path} className="step__link">
      Checked on the {page} page
      <ArrowRight size={13} aria-hidden />
    </Link>
  );
}

export function StepCard({ step, number }: { step: ChecklistStep; number: number }) {
  const fixTone = step.state === "fail" || step.state === "warn" ? step.state : null;
  return (
    <li className={`step step--${step.state}`} data-testid={`step-${step.id}`} data-state={step.state}>
      <span className="step__number" aria-hidden>
        {number}
      </span>
      <article className="step__card" aria-labelledby={`step-${step.id}-title`}>
        <header className="step__head">
          <h2 className="step__title" id={`step-${step.id}-title`}>
            {step.title}
          </h2>
          <StatusChip state={step.state} />
        </header>
        <p className="step__meaning">{step.meaning}</p>
        <p className="step__summary">{step.summary}</p>
        {step.evidence.length > 0 && (
          <ul className="step__evidence" aria-label="Evidence">
            {step.evidence.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
        <PageLinks links={step.links} label="Pages this step is about" />
        {fixTone && step.fix && <FixBox tone={fixTone}>{step.fix}</FixBox>}
        {fixTone && step.action && (
          <div className="step__action">
            <FixActionButton action={step.action} />
          </div>
        )}
        <footer className="step__meta">
          <CheckedBy page={step.checkedBy} />
          {step.checkedAt && (
            <span>
              Checked <RelativeTime iso={step.checkedAt} />
            </span>
          )}
        </footer>
      </article>
    </li>
  );
}
