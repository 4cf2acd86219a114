// Send page: composes a test message to one recipient (text, template, media, reply buttons or a list), checked by the
// backend as the admin types (`preview_send`: the recipient parsed, the 24-hour window, every finding next to its field,
// the exact request beside the form with its curl), and sends it (`send_message`) when nothing blocks it; Ctrl/Cmd+Enter
// sends too. What the admin typed is kept for the session, so leaving the page loses nothing.
import { CircleAlert, CircleCheck, Send, TriangleAlert } from "lucide-react";
import { useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from "react";
import type { Profile } from "../../bindings/Profile";
import type { LinkCheck } from "../../bindings/LinkCheck";
import type { SendPreview } from "../../bindings/SendPreview";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { ErrorCard } from "../../components/ErrorCard";
import { Spinner } from "../../components/Loading";
import { Tabs, type TabItem } from "../../components/Tabs";
import { PageHeader } from "../../components/PageHeader";
import { everyTemplate, useTemplateList } from "../templates/queries";
import { MESSAGE_TYPES, WINDOW_RULES, composeRequest, isFreeForm, loadDraft, mediaLink, saveDraft, type ComposeDraft, type MessageType } from "./compose";
import { FindingList } from "./fields";
import type { FormProps } from "./formProps";
import { ButtonsForm, ListForm, TextForm } from "./FreeFormForms";
import { MediaForm } from "./MediaForm";
import { useLinkCheck, useSendMessage, useSendPreview } from "./queries";
import { RecipientPanel } from "./RecipientPanel";
import { RequestPanel } from "./RequestPanel";
import { SendLimitsCard } from "./SendLimitsCard";
import { SendOutcome } from "./SendOutcome";
import { TemplateSendForm, pickedTemplate } from "./TemplateSendForm";
import { WindowPanel } from "./WindowPanel";
import "./send.css";

const FORMS: Record<MessageType, (props: FormProps) => ReactNode> = {
  text: TextForm,
  template: TemplateSendForm,
  media: MediaForm,
  buttons: ButtonsForm,
  list: ListForm,
};

/** Why the Send button is disabled, or null when it is not. */
function blockedReason(preview: SendPreview | undefined, current: boolean, sending: boolean, checkFailed: boolean, link: LinkCheck | undefined): string | null {
  if (sending) return "Sending…";
  if (checkFailed) return "The checks could not run, so nothing can be sent yet: see why above.";
  if (!preview || !current) return "Checking the latest changes…";
  const linkProblem = link?.blocked ? link.findings.find((f) => f.severity === "error") : undefined;
  if (!preview.blocked && linkProblem) return `The link check: ${linkProblem.message}`;
  if (!preview.blocked) return null;
  if (preview.recipientError) return preview.recipientError.message;
  const errors = preview.findings.filter((f) => f.severity === "error");
  const first = errors[0];
  if (!first) return "The checks block this message.";
  return errors.length === 1 ? first.message : `${first.message} (and ${errors.length - 1} more problem${errors.length === 2 ? "" : "s"} below)`;
}

const TYPE_TABS: TabItem<MessageType>[] = MESSAGE_TYPES.map((t) => ({
  value: t.type,
  label: t.label,
  id: `send-tab-${t.type}`,
  controls: "send-message-form",
  testId: `type-${t.type}`,
}));

/** All the findings in one place, with the verdict. */
function ChecksSummary({ preview }: { preview: SendPreview | undefined }) {
  if (!preview) return null;
  const errors = preview.findings.filter((f) => f.severity === "error").length + (preview.recipientError ? 1 : 0);
  const warnings = preview.findings.filter((f) => f.severity === "warning").length;
  const Icon = errors ? CircleAlert : warnings ? TriangleAlert : CircleCheck;
  const tone = errors ? "fail" : warnings ? "warn" : "pass";
  const verdict = errors
    ? `${errors} problem${errors === 1 ? "" : "s"} block${errors === 1 ? "s" : ""} the send`
    : warnings
      ? `Ready to send, with ${warnings} warning${warnings === 1 ? "" : "s"}`
      : "Ready to send: every check passes";
  return (
    <div className="stack send-checks" style={{ gap: "var(--space-2)" }} data-testid="checks-summary" data-errors={errors} data-warnings={warnings}>
      <p className={`send-checks__verdict send-checks__verdict--${tone}`}>
        <Icon size={16} aria-hidden />
        {verdict}
      </p>
      <FindingList findings={preview.findings} label="Every check's finding" />
    </div>
  );
}

function SendWorkspace({ profile }: { profile: Profile }) {
  const [draft, setDraft] = useState<ComposeDraft>(() => loadDraft(profile.id));
  useEffect(() => saveDraft(profile.id, draft), [profile.id, draft]);
  const change = (edit: (d: ComposeDraft) => ComposeDraft) => setDraft(edit);

  const templates = useTemplateList(everyTemplate(profile.id));
  const template = draft.type === "template" ? pickedTemplate(templates.data?.templates, draft.template.name, draft.template.language) : undefined;
  const request = useMemo(() => composeRequest(profile.id, draft, template), [profile.id, draft, template]);
  const { query: preview, current } = useSendPreview(request, !(draft.type === "template" && templates.isPending));
  const send = useSendMessage();
  const p = preview.data;
  const findings = p?.findings ?? [];
  const windowFinding = isFreeForm(draft.type) ? findings.find((f) => WINDOW_RULES.includes(f.rule)) : undefined;
  // A link is fetched only when the admin leaves its field; what that found counts too.
  const link = mediaLink(draft, template);
  const linkCheck = useLinkCheck(link ?? { kind: "image", url: "" }, false);
  const reason = blockedReason(p, current, send.isPending, preview.isError && !preview.isFetching, link ? linkCheck.data : undefined);

  function sendNow() {
    if (reason === null) send.mutate(request);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      sendNow();
    }
  }

  const Form = FORMS[draft.type];
  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="Send a test message"
        description="Compose a message to one recipient: every field is checked as you type, and the exact request is shown beside the form. The first message to anyone must be a template."
      />
      <div className="send-columns" onKeyDown={onKeyDown}>
        <div className="stack send-main" style={{ gap: "var(--space-5)" }}>
          <RecipientPanel to={draft.to} onChange={(to) => change((d) => ({ ...d, to }))} recipient={p?.recipient} error={p?.recipientError}>
            {p?.window && (
              <WindowPanel
                window={p.window}
                finding={windowFinding}
                keyRule={p.keyRule}
                sendOutsideWindow={draft.sendOutsideWindow}
                onUseTemplate={() => change((d) => ({ ...d, type: "template", sendOutsideWindow: false }))}
                onSendOutsideWindow={(sendOutsideWindow) => change((d) => ({ ...d, sendOutsideWindow }))}
              />
            )}
          </RecipientPanel>
          <section className="card send-section" aria-label="The message">
            <div className="card__header">
              <Tabs label="Message type" items={TYPE_TABS} value={draft.type} onChange={(type) => change((d) => ({ ...d, type }))} />
              {preview.isFetching && <Spinner />}
            </div>
            {/* A form, so its pickers keep a native control; Enter never sends (Ctrl/Cmd+Enter does). */}
            <form className="card__body" id="send-message-form" role="tabpanel" aria-labelledby={`send-tab-${draft.type}`} onSubmit={(e) => e.preventDefault()} noValidate>
              <Form profileId={profile.id} draft={draft} change={change} findings={findings} />
            </form>
          </section>
          {preview.isError && !preview.isFetching && <ErrorCard error={preview.error} onRetry={() => void preview.refetch()} />}
          <ChecksSummary preview={p} />
          <div className="send-bar">
            <button type="button" className="btn btn--primary" disabled={reason !== null} onClick={sendNow} aria-describedby="send-reason" data-testid="send-button">
              {send.isPending ? <Spinner /> : <Send size={15} aria-hidden />}
              Send
            </button>
            <span id="send-reason" className="muted" data-testid="send-reason">
              {reason ?? "Ctrl+Enter (⌘+Enter) sends too."}
            </span>
          </div>
          <SendOutcome sent={send.data} error={send.error} />
          <SendLimitsCard profileId={profile.id} />
        </div>
        <RequestPanel request={p?.request} tracking={p?.tracking} stale={!current} />
      </div>
    </>
  );
}

export function SendPage() {
  return <ActiveProfileGate>{(profile) => <SendWorkspace key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
