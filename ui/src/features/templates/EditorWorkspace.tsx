// The template editor itself, once the page knows what it edits (a new or kept draft, or a synced template): the text as
// the single source of truth behind the Form and JSON views, linted as the admin types, kept as a draft (create), and
// submitted to Meta with the reason it cannot be yet always beside the button.
import { useQueryClient } from "@tanstack/react-query";
import { CircleAlert, Send } from "lucide-react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import type { CommandError } from "../../bindings/CommandError";
import type { EditLimits } from "../../bindings/EditLimits";
import type { GraphCall } from "../../bindings/GraphCall";
import type { LintFinding } from "../../bindings/LintFinding";
import type { LintReport } from "../../bindings/LintReport";
import type { TemplateDraft } from "../../bindings/TemplateDraft";
import type { TemplateDraftInfo } from "../../bindings/TemplateDraftInfo";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { ErrorCard } from "../../components/ErrorCard";
import { ipc, toCommandError } from "../../ipc";
import { draftToText, editOf, NEW_DRAFT, parseDraftText } from "./draftText";
import { EditorDraftStatus, useDraftKeeper } from "./EditorDraftKeeper";
import { EditorJsonView } from "./EditorJsonView";
import { EditorTabs, panelId, tabId, type EditorView } from "./EditorTabs";
import { FindingCounts } from "./Findings";
import { templateKeys, useCreateTemplate, useDiscardDraft, useEditTemplate } from "./queries";
import { TemplateForm, type Locks } from "./TemplateForm";
import { TemplatePreview } from "./TemplatePreview";
import "./editor.css";

/** What is edited: a draft to create (kept under `draftId` once saved), or a synced template and its edit limits. */
export type EditorTarget =
  | { kind: "create"; draftId: string | null; savedAt: string | null; onDraftKept: (draftId: string) => void }
  | { kind: "edit"; template: TemplateInfo; limits: { data?: EditLimits; error: CommandError | null } };

/** Lint is local and fast: a short pause after the last keystroke is enough. */
const LINT_DEBOUNCE_MS = 150;

/** The linter's answer for one text (or why it could not answer). */
type Linted = { text: string; report: LintReport; error?: undefined } | { text: string; report?: undefined; error: CommandError };

/** The report of the latest text the linter answered for, refreshed a moment after each change; `editingId` (an edit's
 *  template) is left out of the duplicate checks, as the backend leaves it out when it checks the edit. */
function useLint(profileId: string, text: string, editingId: string | null): Linted | null {
  const [linted, setLinted] = useState<Linted | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      ipc.lintTemplate({ profileId, text, editing: editingId }).then(
        (report) => current && setLinted({ text, report }),
        (error: unknown) => current && setLinted({ text, error: toCommandError(error) }),
      );
    }, LINT_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [profileId, text, editingId]);
  return linted;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The rule ids of the findings, each once, in order. */
const rulesOf = (findings: LintFinding[]) => [...new Set(findings.map((f) => f.rule))].join(", ");

const timeOf = (at: string) => new Date(at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });

interface Blocker {
  reason: string;
  blocked: boolean;
}

/** Why the text cannot be submitted yet, or what happens when it is: always said beside the button. */
function submitState(args: { parsedOk: boolean; jsonError: LintFinding | undefined; linted: Linted | null; text: string; limits: EditLimits | undefined; editing: boolean; limitsError: CommandError | null; sending: boolean }): Blocker {
  const { parsedOk, jsonError, linted, text, limits, editing, limitsError, sending } = args;
  if (sending) return { blocked: true, reason: editing ? "Sending the edit to Meta…" : "Sending the template to Meta…" };
  if (!parsedOk) {
    const at = jsonError?.span.line ? ` at line ${jsonError.span.line}, column ${jsonError.span.column ?? 1}` : "";
    return { blocked: true, reason: `Fix the JSON first: it has an error${at}.` };
  }
  if (linted?.text !== text) return { blocked: true, reason: "Checking the latest changes…" };
  if (linted.error) return { blocked: true, reason: `The check failed: ${linted.error.message} Change the text to check again.` };
  const { report } = linted;
  if (report.errors > 0) {
    const errors = report.findings.filter((f) => f.severity === "error");
    return { blocked: true, reason: `Fix ${plural(report.errors, "error")} first: ${rulesOf(errors)}` };
  }
  if (editing) {
    if (limitsError) return { blocked: true, reason: `Meta's edit limits could not be read: ${limitsError.message}` };
    if (!limits) return { blocked: true, reason: "Reading Meta's edit limits…" };
    if (limits.reached) {
      const next = limits.nextEditAt ? ` The next edit is possible from ${timeOf(limits.nextEditAt)}.` : "";
      return { blocked: true, reason: `Meta's edit limit is reached (${limitsCounts(limits)}).${next}` };
    }
  }
  if (report.warnings > 0) return { blocked: false, reason: `${plural(report.warnings, "warning")}: you will be asked to confirm before it is sent.` };
  return { blocked: false, reason: editing ? "Ready: Meta reviews the edited template again." : "Ready: Meta reviews it, usually within minutes (up to 24 h)." };
}

/** "0 of 1 in 24 h, 3 of 10 in 30 days". */
export const limitsCounts = (limits: EditLimits) => `${limits.editsLastDay} of ${limits.perDay} in 24 h, ${limits.editsLast30Days} of ${limits.per30Days} in 30 days`;

export function EditorWorkspace({ profileId, initialText, target }: { profileId: string; initialText: string; target: EditorTarget }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [text, setText] = useState(initialText);
  const [view, setView] = useState<EditorView>("form");
  const [confirming, setConfirming] = useState(false);
  const editing = target.kind === "edit";
  const create = useCreateTemplate(profileId);
  const edit = useEditTemplate(profileId);
  const discard = useDiscardDraft(profileId);
  // A submit or a discard first waits for the draft's save under way (the first one names the draft).
  const [waitingFor, setWaitingFor] = useState<"create" | "discard" | null>(null);
  const sending = create.isPending || edit.isPending || waitingFor === "create";
  const keeper = useDraftKeeper({
    enabled: target.kind === "create",
    profileId,
    text,
    draftId: target.kind === "create" ? target.draftId : null,
    savedAt: target.kind === "create" ? target.savedAt : null,
    initialText,
    paused: sending,
    onKept: target.kind === "create" ? target.onDraftKept : undefined,
  });

  const parsed = useMemo(() => parseDraftText(text), [text]);
  const [lastGood, setLastGood] = useState<TemplateDraft>(parsed.ok ? parsed.draft : NEW_DRAFT);
  if (parsed.ok && parsed.draft !== lastGood) setLastGood(parsed.draft);

  const linted = useLint(profileId, text, target.kind === "edit" ? target.template.id : null);
  const shown = linted?.report;
  const findings = shown?.findings ?? [];
  const jsonError = linted?.text === text ? findings.find((f) => f.rule === "invalid-json") : undefined;
  const limits = target.kind === "edit" ? target.limits.data : undefined;
  const state = submitState({ parsedOk: parsed.ok, jsonError, linted, text, limits, editing, limitsError: target.kind === "edit" ? target.limits.error : null, sending });
  const warnings = findings.filter((f) => f.severity === "warning");
  const submitError = create.error ?? edit.error;

  const locks: Locks = { nameAndLanguage: editing, category: target.kind === "edit" && target.template.status.value === "APPROVED" };
  // What an edit sends, and the fields of the text it leaves out (the JSON view can change them; an edit never does).
  const edited = target.kind === "edit" && parsed.ok ? editOf(parsed.draft, target.template, locks.category) : null;
  // The create or edit the submit would send for the text as it is, to copy as curl (none while the JSON does not parse).
  const graphCall: GraphCall | null = !parsed.ok
    ? null
    : target.kind === "create"
      ? { kind: "createTemplate", draft: parsed.draft }
      : {
          kind: "editTemplate",
          templateId: target.template.id,
          category: edited?.category ?? null,
          components: parsed.draft.components,
          messageSendTtlSeconds: edited?.messageSendTtlSeconds ?? null,
        };

  // A changed text is a new attempt: the last submit's refusal no longer describes it.
  const { reset: resetCreate } = create;
  const { reset: resetEdit } = edit;
  const changeText = useCallback(
    (next: string) => {
      setText(next);
      resetCreate();
      resetEdit();
    },
    [resetCreate, resetEdit],
  );
  const onFormChange = useCallback((draft: TemplateDraft) => changeText(draftToText(draft)), [changeText]);

  /** The kept drafts' cache without this draft (submitted or discarded). */
  const forgetDraft = (draftId: string | null) => {
    if (draftId !== null) queryClient.setQueryData<TemplateDraftInfo[]>(templateKeys.drafts(profileId), (drafts) => drafts?.filter((d) => d.id !== draftId));
  };

  function send(confirmWarnings: boolean) {
    if (!parsed.ok) return;
    const draft = parsed.draft;
    if (target.kind === "create") {
      // The text as submitted is kept first, so a create that fails (even after the page is left) loses nothing.
      setWaitingFor("create");
      void keeper.flush(true).then((draftId) => {
        setWaitingFor(null);
        create.mutate(
          { draft, confirmWarnings, draftId },
          {
            onSuccess: (created) => {
              keeper.finish();
              forgetDraft(draftId);
              void navigate(`/templates/${encodeURIComponent(created.template.id)}`);
            },
          },
        );
      });
      return;
    }
    const { template } = target;
    const { category, messageSendTtlSeconds } = editOf(draft, template, locks.category);
    edit.mutate(
      { templateId: template.id, category, components: draft.components, messageSendTtlSeconds, confirmWarnings },
      { onSuccess: () => void navigate(`/templates/${encodeURIComponent(template.id)}`) },
    );
  }

  function submit() {
    if (state.blocked) return;
    if (warnings.length > 0) setConfirming(true);
    else send(false);
  }

  function discardDraft() {
    // Nothing more is saved; a first save under way is waited for, so its draft is the one removed.
    keeper.finish();
    setWaitingFor("discard");
    void keeper.flush().then((draftId) => {
      setWaitingFor(null);
      const leave = () => {
        forgetDraft(draftId);
        void navigate("/templates");
      };
      if (draftId === null) leave();
      else discard.mutate(draftId, { onSuccess: leave, onError: keeper.resume });
    });
  }

  return (
    <div className="editor stack" data-testid="template-editor" data-mode={target.kind}>
      <div className="card">
        <div className="card__header editor-toolbar">
          <EditorTabs view={view} onChange={setView} />
          <FindingCounts report={shown} checking={linted?.text !== text} />
        </div>
        <div className="card__body editor-columns">
          <div className="editor-main" role="tabpanel" id={panelId(view)} aria-labelledby={tabId(view)}>
            {view === "form" ? (
              <>
                {!parsed.ok && (
                  <div className="callout callout--fail" data-testid="form-json-error" role="alert">
                    <CircleAlert size={16} aria-hidden />
                    <div className="callout__body">
                      <span>
                        {parsed.reason === "notATemplate"
                          ? "The JSON is not a template (an object with a components list): fix it in the JSON view."
                          : jsonError?.span.line
                            ? `The JSON has an error at line ${jsonError.span.line}, column ${jsonError.span.column ?? 1}: fix it in the JSON view.`
                            : "The JSON has an error: fix it in the JSON view."}{" "}
                        Nothing you typed is lost; the form shows the last valid version until then.
                      </span>
                      <div>
                        <button type="button" className="btn btn--sm" onClick={() => setView("json")}>
                          Open the JSON view
                        </button>
                      </div>
                    </div>
                  </div>
                )}
                <TemplateForm draft={lastGood} onChange={onFormChange} findings={parsed.ok ? findings : []} disabled={!parsed.ok || sending} locks={locks} />
              </>
            ) : (
              <EditorJsonView text={text} onChange={changeText} findings={findings} readOnly={sending} />
            )}
          </div>
          <aside className="editor-preview" aria-label="Preview">
            <TemplatePreview components={lastGood.components} />
            {!parsed.ok && <p className="muted">The preview shows the last valid JSON.</p>}
          </aside>
        </div>
        <div className="card__footer editor-submit">
          {edited && edited.notSent.length > 0 && (
            <div className="callout callout--warn" data-testid="edit-keeps-identity">
              <div className="callout__body">
                <span>The edit sends only the category, the components and message_send_ttl_seconds. Not sent:</span>
                <ul data-testid="edit-not-sent">
                  {edited.notSent.map(({ field, reason }) => (
                    <li key={field}>
                      <span className="mono">{field}</span>: {reason}
                    </li>
                  ))}
                </ul>
                <span>To use another name, language or one of these fields, create a new template.</span>
              </div>
            </div>
          )}
          <div className="editor-submit__row">
            <button type="button" className="btn btn--primary" data-testid="template-submit" disabled={state.blocked} aria-describedby="template-submit-reason" onClick={submit}>
              <Send size={15} aria-hidden />
              {editing ? "Save edit" : "Submit for review"}
            </button>
            <span className={state.blocked ? "editor-submit__reason editor-submit__reason--blocked" : "editor-submit__reason"} id="template-submit-reason" data-testid="template-submit-reason" role="status">
              {state.reason}
            </span>
            {graphCall && (
              <CopyCurlButton
                profileId={profileId}
                call={graphCall}
                what={editing ? "Save the edit" : "Submit for review"}
                testId={editing ? "copy-curl-edit-template" : "copy-curl-create-template"}
              />
            )}
          </div>
          {target.kind === "create" && (
            <div className="editor-submit__row">
              <EditorDraftStatus status={keeper.status} onRetry={keeper.saveNow} />
              <ConfirmDialog
                title="Discard this draft?"
                description="The text is removed from this computer for good; nothing was sent to Meta."
                confirmLabel="Discard draft"
                onConfirm={discardDraft}
              >
                <button type="button" className="btn btn--sm btn--ghost-danger" data-testid="template-discard" disabled={sending || discard.isPending || waitingFor === "discard"}>
                  Discard draft
                </button>
              </ConfirmDialog>
            </div>
          )}
          {discard.error && <ErrorCard error={discard.error} />}
          {submitError && (
            <div data-testid="template-submit-error">
              <ErrorCard error={submitError} />
              <p className="muted">Your text is unchanged: fix it here and submit again.</p>
            </div>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        testId="template-confirm"
        title={`Submit with ${plural(warnings.length, "warning")}?`}
        description={
          <span className="stack">
            <span>Meta may reject or re-categorise the template because of:</span>
            <span className="editor-confirm__list">
              {warnings.map((w, i) => (
                <span key={`${w.rule}-${i}`} className="editor-confirm__item">
                  <strong className="mono">{w.rule}</strong>: {w.message}
                </span>
              ))}
            </span>
          </span>
        }
        confirmLabel={editing ? "Save edit anyway" : "Submit anyway"}
        onConfirm={() => send(true)}
      />
    </div>
  );
}
