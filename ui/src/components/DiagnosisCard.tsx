// One explained Graph error: what the code means, why it happens, how to fix it (in order), whether
// retrying helps, where it shows up, where the common guide is wrong, and what Meta itself said.
import { BookOpen, CircleHelp, Lightbulb, Radio, RotateCw, SearchX, UserRound, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { CATEGORY, CHANNEL, SOURCE, codeLabel, type Diagnosis, type MetaSaid } from "../lib/diagnosis";
import { CopyableUrl } from "./CopyableUrl";
import { FixActionButton } from "./FixActionButton";
import { Chip } from "./StatusChip";

interface Props {
  diagnosis: Diagnosis;
  /** Inside an ErrorCard, which already shows Meta's message, its words for the user and the facts. */
  embedded?: boolean;
  onRerun?: () => void;
}

function metaFacts(said: MetaSaid): [string, string][] {
  const facts: [string, string | null][] = [
    ["Message", said.message],
    ["Details", said.details],
    ["Title for the user", said.userTitle],
    ["Message for the user", said.userMsg],
    ["Recipient", said.recipient],
    ["Message ID", said.messageId],
    ["fbtrace_id", said.fbtraceId],
  ];
  return facts.filter((f): f is [string, string] => Boolean(f[1]));
}

function MetaSaidFacts({ said, prominent }: { said: MetaSaid; prominent: boolean }) {
  const facts = metaFacts(said);
  if (!facts.length) return null;
  return (
    <section className={`diagnosis__meta ${prominent ? "diagnosis__meta--prominent" : ""}`} aria-label="What Meta said">
      <h4 className="diagnosis__subtitle">What Meta said</h4>
      <dl className="facts diagnosis__meta-facts">
        {facts.map(([label, value]) => (
          <div key={label} className="diagnosis__meta-row">
            <dt>{label}</dt>
            <dd className={label === "Message" || label === "Details" ? undefined : "mono"}>{value}</dd>
          </div>
        ))}
      </dl>
      {said.where !== "bareCode" && <p className="diagnosis__where muted">Found in {SOURCE[said.where]}.</p>}
    </section>
  );
}

function Fact({ icon: Icon, label, children }: { icon: LucideIcon; label: string; children: ReactNode }) {
  return (
    <div className="diagnosis__fact">
      <Icon size={15} aria-hidden />
      <div>
        <div className="diagnosis__fact-label">{label}</div>
        <div>{children}</div>
      </div>
    </div>
  );
}

export function DiagnosisCard({ diagnosis: d, embedded = false, onRerun }: Props) {
  const category = d.category ? CATEGORY[d.category] : null;
  return (
    <article
      className={`diagnosis ${embedded ? "diagnosis--embedded" : ""} ${d.known ? "" : "diagnosis--unknown"}`}
      data-testid="diagnosis-card"
      data-code={d.code}
      data-known={d.known}
      aria-label={`Error ${codeLabel(d)}: ${d.title}`}
    >
      <header className="diagnosis__head">
        <span className="code-badge" title={d.subcode === null ? "Graph error code" : "Graph error code / subcode"}>
          {codeLabel(d)}
        </span>
        <h3 className="diagnosis__title">{d.title}</h3>
        <span className="diagnosis__chips">
          {category && <Chip tone={category.tone}>{category.label}</Chip>}
          {!d.known && (
            <Chip tone="neutral" icon={SearchX}>
              Not in the catalogue
            </Chip>
          )}
          {d.uncertain && (
            <span title="Meta's current error table does not list this code; the explanation comes from client libraries and real payloads.">
              <Chip tone="neutral" icon={CircleHelp}>
                Not in Meta&apos;s current table
              </Chip>
            </span>
          )}
        </span>
      </header>

      {!d.known && !embedded && <MetaSaidFacts said={d.fromMeta} prominent />}

      <p className="diagnosis__meaning">{d.meaning}</p>

      <div className="diagnosis__columns">
        {d.causes.length > 0 && (
          <section aria-label="Likely causes">
            <h4 className="diagnosis__subtitle">Likely causes</h4>
            <ul className="diagnosis__list">
              {d.causes.map((cause) => (
                <li key={cause}>{cause}</li>
              ))}
            </ul>
          </section>
        )}
        {d.fix.length > 0 && (
          <section aria-label="How to fix" className="diagnosis__fix">
            <h4 className="diagnosis__subtitle">How to fix</h4>
            <ol className="diagnosis__steps">
              {d.fix.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </section>
        )}
      </div>

      {d.context.length > 0 && (
        <section className="diagnosis__context" aria-label="On this account" data-testid="diagnosis-context">
          <UserRound size={15} aria-hidden />
          <div>
            <h4 className="diagnosis__subtitle">On this account</h4>
            <ul className="diagnosis__context-list">
              {d.context.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        </section>
      )}

      <div className="diagnosis__facts">
        <Fact icon={RotateCw} label={d.retry.canHelp ? "When to retry" : "Retrying will not help"}>
          {d.retry.when}
        </Fact>
        {d.channel && (
          <Fact icon={Radio} label={CHANNEL[d.channel].label}>
            {d.httpStatus !== null && d.channel !== "webhook" ? `HTTP ${d.httpStatus}; ` : ""}
            {CHANNEL[d.channel].detail}
          </Fact>
        )}
      </div>

      {d.seedNote && (
        <div className="callout callout--info seed-note" data-testid="seed-note">
          <Lightbulb size={16} aria-hidden />
          <div className="callout__body">
            <strong className="seed-note__title">The common guide is wrong here</strong>
            <p>{d.seedNote}</p>
          </div>
        </div>
      )}

      {d.action && (
        <div className="diagnosis__action">
          <FixActionButton action={d.action} onRerun={onRerun} />
        </div>
      )}

      {d.known && !embedded && <MetaSaidFacts said={d.fromMeta} prominent={false} />}

      {d.docUrl && (
        <footer className="diagnosis__doc">
          <BookOpen size={14} aria-hidden />
          <span className="muted">Meta&apos;s documentation:</span>
          <CopyableUrl url={d.docUrl} />
        </footer>
      )}
    </article>
  );
}
