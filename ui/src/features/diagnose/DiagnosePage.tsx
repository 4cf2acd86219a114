// Diagnose page: paste whatever Meta sent (an error response, a webhook, an errors array, a code) and get one
// card per error: what it means, why, how to fix it, whether to retry, and the in-app fix.
import { useMutation } from "@tanstack/react-query";
import { ScanSearch, TriangleAlert } from "lucide-react";
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { DiagnosisCard } from "../../components/DiagnosisCard";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Spinner } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ipc } from "../../ipc";
import { useActiveProfile } from "../../lib/queries";
import { EXAMPLES } from "./examples";
import "./diagnose.css";

const PLACEHOLDER = `Paste any of these:
  • a Graph API error response   {"error": {"message": "…", "code": 190, "error_subcode": 463, …}}
  • a webhook whose statuses[].errors[] say why a message failed
  • a value.errors[] array from a webhook
  • a bare code                  131047
  • a code and subcode           100 33`;

const MODIFIER = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent) ? "⌘" : "Ctrl";

export function DiagnosePage() {
  const [input, setInput] = useState("");
  const { profile } = useActiveProfile();
  const diagnose = useMutation({ mutationFn: (text: string) => ipc.diagnose(text, profile?.id ?? null) });
  const result = diagnose.data;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!diagnose.isPending) diagnose.mutate(input);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <>
      <PageHeader
        eyebrow="Diagnose"
        title="Explain an error"
        description="Paste what Meta sent, as it came. The console finds every error in it and explains each one. It is read here, on this computer: nothing is sent to Meta."
      />
      <div className="stack" style={{ gap: "var(--space-6)" }}>
        <form className="card" onSubmit={submit} aria-label="Diagnose an error">
          <div className="card__body stack" style={{ gap: "var(--space-3)" }}>
            <label className="field__label" htmlFor="diagnose-input">
              What Meta sent
            </label>
            <textarea
              id="diagnose-input"
              className="input input--mono diagnose-input"
              data-testid="diagnose-input"
              rows={11}
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              placeholder={PLACEHOLDER}
              value={input}
              onChange={(e) => setInput(e.target.value)}
              onKeyDown={onKeyDown}
              aria-describedby="diagnose-examples"
            />
            <div className="examples" id="diagnose-examples">
              <span className="examples__label">Try an example:</span>
              {EXAMPLES.map((example) => (
                <button key={example.label} type="button" className="example-chip" onClick={() => setInput(example.text)}>
                  {example.label}
                </button>
              ))}
            </div>
          </div>
          <div className="card__footer">
            <button type="submit" className="btn btn--primary" data-testid="diagnose-submit" disabled={diagnose.isPending}>
              {diagnose.isPending ? <Spinner /> : <ScanSearch size={16} aria-hidden />}
              Diagnose
            </button>
            <span className="muted diagnose-shortcut">
              or <kbd>{MODIFIER}</kbd> + <kbd>Enter</kbd>
            </span>
          </div>
        </form>

        {diagnose.isPending && <LoadingLine>Reading…</LoadingLine>}
        {diagnose.isError && <ErrorCard error={diagnose.error} onRetry={() => submit()} />}
        {result && !diagnose.isPending && (
          <section className="stack" aria-label="Diagnosis" data-testid="diagnose-result">
            <p className="diagnose-kind" data-testid="diagnose-kind">
              Read as <strong>{result.inputKind}</strong>
              {result.diagnoses.length > 0 && (
                <span className="muted">
                  {" "}
                  · {result.diagnoses.length} {result.diagnoses.length === 1 ? "error" : "errors"} found
                </span>
              )}
            </p>
            {result.problem && (
              <div className="callout callout--warn" role="alert" data-testid="diagnose-problem">
                <TriangleAlert size={18} aria-hidden />
                <div className="callout__body">
                  <p>{result.problem}</p>
                </div>
              </div>
            )}
            {result.diagnoses.map((d, i) => (
              <DiagnosisCard key={`${d.code}-${d.subcode}-${i}`} diagnosis={d} />
            ))}
          </section>
        )}
      </div>
    </>
  );
}
