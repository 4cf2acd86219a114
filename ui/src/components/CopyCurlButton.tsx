// "Copy as curl" for one Graph call the window shows: asks the backend for the call's description (describe_graph_call, the
// same one the real call sends), copies its curl with the token as $WA_TOKEN, and shows the command in a dialog so it can
// be read before it is copied. The window never builds a request itself; nothing secret is ever in the command.
import * as Dialog from "@radix-ui/react-dialog";
import { useMutation } from "@tanstack/react-query";
import { Check, Eye, Terminal, X } from "lucide-react";
import { useEffect, useState } from "react";
import type { GraphCall } from "../bindings/GraphCall";
import type { GraphRequest } from "../bindings/GraphRequest";
import type { Placeholder } from "../bindings/Placeholder";
import { ipc } from "../ipc";
import { ErrorCard } from "./ErrorCard";
import { Spinner } from "./Loading";
import { pageContainer } from "./pageContainer";
import "./copyCurl.css";

interface Props {
  profileId: string;
  call: GraphCall;
  /** What the call does, for the buttons' names and the dialog's title, e.g. "Set the PIN". */
  what: string;
  /** Shown on the button; "Copy as curl" unless the place needs to tell several calls apart. */
  label?: string;
  testId?: string;
}

/** What each variable other than the token stands for, so the admin knows what to set it to. */
const OTHER_VARIABLES: Record<Exclude<Placeholder, "WA_TOKEN">, string> = {
  WA_APP_TOKEN: "the app access token, {app-id}|{app-secret}",
  WA_PIN: "the number's six-digit PIN",
  WA_VERIFY_TOKEN: "the callback's verify token",
};

/** The shell variables the command reads besides $WA_TOKEN, in the order they appear. */
function otherVariables(request: GraphRequest): Exclude<Placeholder, "WA_TOKEN">[] {
  const all: Placeholder[] = [
    request.token,
    ...request.query.flatMap((p) => ("secret" in p.value ? [p.value.secret] : [])),
    ...(request.body?.secretFields.map((f) => f.placeholder) ?? []),
  ];
  return [...new Set(all)].filter((v): v is Exclude<Placeholder, "WA_TOKEN"> => v !== "WA_TOKEN");
}

/** The feedback once the command is on the clipboard: which variables to set before running it. */
function copiedMessage(request: GraphRequest): string {
  const token = request.token === "WA_TOKEN" ? "the token is $WA_TOKEN" : `the token is $WA_APP_TOKEN (${OTHER_VARIABLES.WA_APP_TOKEN})`;
  const others = otherVariables(request)
    .filter((v) => v !== request.token)
    .map((v) => `$${v} (${OTHER_VARIABLES[v]})`);
  return `Copied: ${token}, set it in your shell${others.length > 0 ? `; also set ${others.join(" and ")}` : ""}.`;
}

/** How long the feedback stays after a copy. */
const FEEDBACK_MS = 8000;

export function CopyCurlButton({ profileId, call, what, label = "Copy as curl", testId = "copy-curl" }: Props) {
  const describe = useMutation({ mutationFn: (graphCall: GraphCall) => ipc.describeGraphCall(profileId, graphCall) });
  const [open, setOpen] = useState(false);
  const [feedback, setFeedback] = useState<string>();

  useEffect(() => {
    if (!feedback) return;
    const id = window.setTimeout(() => setFeedback(undefined), FEEDBACK_MS);
    return () => window.clearTimeout(id);
  }, [feedback]);

  async function copy(request: GraphRequest) {
    try {
      // The clipboard can be missing or refused; the dialog then shows the command to copy by hand.
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(request.curl);
      setFeedback(copiedMessage(request));
    } catch {
      setFeedback("The clipboard is not available here: select the command in the dialog and copy it yourself.");
      setOpen(true);
    }
  }

  async function copyNow() {
    setFeedback(undefined);
    try {
      await copy(await describe.mutateAsync(call));
    } catch {
      // The dialog shows what was refused and what to do.
      setOpen(true);
    }
  }

  function show(next: boolean) {
    setOpen(next);
    if (next && !describe.isPending) describe.mutate(call);
  }

  const request = describe.data;
  return (
    <span className="copy-curl" data-testid={testId}>
      <button type="button" className="btn btn--ghost btn--sm copy-curl__copy" onClick={() => void copyNow()} disabled={describe.isPending} aria-label={`${what}: copy as curl`} data-testid={`${testId}-copy`}>
        {describe.isPending ? <Spinner /> : feedback?.startsWith("Copied") ? <Check size={14} aria-hidden /> : <Terminal size={14} aria-hidden />}
        {label}
      </button>
      <Dialog.Root open={open} onOpenChange={show}>
        <Dialog.Trigger asChild>
          <button type="button" className="btn btn--ghost btn--icon copy-curl__show" aria-label={`${what}: show the curl command`} title="Show the command" data-testid={`${testId}-show`}>
            <Eye size={14} aria-hidden />
          </button>
        </Dialog.Trigger>
        <Dialog.Portal container={pageContainer()}>
          <Dialog.Overlay className="dialog-overlay" />
          <Dialog.Content className="dialog copy-curl__dialog" data-testid={`${testId}-dialog`}>
            <div className="dialog__header">
              <div>
                <Dialog.Title className="dialog__title">{what}: the request as curl</Dialog.Title>
                <Dialog.Description className="dialog__description">
                  Exactly what the console sends. Secrets are shell variables, never their values: set <code>WA_TOKEN</code> to the profile's
                  token in your shell first.
                </Dialog.Description>
              </div>
              <Dialog.Close className="btn btn--ghost btn--icon" aria-label="Close">
                <X size={16} aria-hidden />
              </Dialog.Close>
            </div>
            <div className="dialog__body stack">
              {describe.isPending && (
                <p className="muted row">
                  <Spinner /> Describing the call…
                </p>
              )}
              {describe.error && <ErrorCard error={describe.error} />}
              {request && !describe.isPending && (
                <>
                  <pre className="raw copy-curl__command" data-testid={`${testId}-command`} tabIndex={0} aria-label="The curl command">
                    {request.curl}
                  </pre>
                  {otherVariables(request).length > 0 && (
                    <p className="muted copy-curl__variables">
                      It also reads{" "}
                      {otherVariables(request).map((v, i) => (
                        <span key={v}>
                          {i > 0 && ", "}
                          <code>${v}</code> ({OTHER_VARIABLES[v]})
                        </span>
                      ))}
                      .
                    </p>
                  )}
                </>
              )}
              {feedback && (
                <p className="copy-curl__feedback" role="status">
                  {feedback}
                </p>
              )}
            </div>
            <div className="dialog__footer">
              <Dialog.Close className="btn">Close</Dialog.Close>
              <button type="button" className="btn btn--primary" disabled={!request || describe.isPending} onClick={() => request && void copy(request)} data-testid={`${testId}-dialog-copy`}>
                <Terminal size={15} aria-hidden />
                Copy
              </button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
      {feedback && !open && (
        <span className="copy-curl__feedback" role="status">
          {feedback}
        </span>
      )}
    </span>
  );
}
