// Where the recipient stands with this number (from the inbound messages the receiver stored): never wrote, wrote 3 h ago
// (window open until ...), or wrote 26 h ago (closed). When the window blocks a free-form message: the key rule, "Use a
// template instead", and a deliberate "Send anyway" (Meta may accept it and fail it later with 131047).
import { CircleAlert, Clock, FileText, MessageCircleOff, MessageSquareText, TriangleAlert } from "lucide-react";
import type { SendFinding } from "../../bindings/SendFinding";
import type { ServiceWindow } from "../../bindings/ServiceWindow";
import { Chip } from "../../components/StatusChip";
import { formatDateTime } from "../../lib/format";

/** "2 h 5 min" */
function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h${m ? ` ${m} min` : ""}` : `${m} min`;
}

function WindowState({ window }: { window: ServiceWindow }) {
  switch (window.state) {
    case "neverWrote":
      return (
        <p className="send-window__state" data-testid="window-state" data-state="neverWrote">
          <MessageCircleOff size={16} aria-hidden />
          <span>
            <strong>Never wrote to this number</strong>, as far as the webhooks this console stored go.
          </span>
        </p>
      );
    case "open":
      return (
        <p className="send-window__state" data-testid="window-state" data-state="open">
          <MessageSquareText size={16} aria-hidden />
          <span>
            <strong>Last wrote {duration(24 * 60 - window.minutesLeft)} ago</strong> ({formatDateTime(window.lastInboundAt)}): the window is open until{" "}
            {formatDateTime(window.until)}, {duration(window.minutesLeft)} from now.
          </span>
        </p>
      );
    case "closed":
      return (
        <p className="send-window__state" data-testid="window-state" data-state="closed">
          <Clock size={16} aria-hidden />
          <span>
            <strong>Last wrote {window.hoursSinceInbound} h ago</strong> ({formatDateTime(window.lastInboundAt)}): the window closed {formatDateTime(window.since)}.
          </span>
        </p>
      );
  }
}

const CHIP: Record<ServiceWindow["state"], { tone: "pass" | "warn" | "neutral"; label: string }> = {
  neverWrote: { tone: "neutral", label: "No window" },
  open: { tone: "pass", label: "Window open" },
  closed: { tone: "warn", label: "Window closed" },
};

interface Props {
  window: ServiceWindow;
  /** The window's finding for this message (none for a template, or inside the window). */
  finding: SendFinding | undefined;
  keyRule: string;
  sendOutsideWindow: boolean;
  onUseTemplate: () => void;
  onSendOutsideWindow: (send: boolean) => void;
}

export function WindowPanel({ window, finding, keyRule, sendOutsideWindow, onUseTemplate, onSendOutsideWindow }: Props) {
  const chip = CHIP[window.state];
  return (
    <section className="send-window" aria-labelledby="send-window-title" data-testid="window-panel">
      <div className="send-window__head">
        <h2 className="send-window__title" id="send-window-title">
          24-hour window
        </h2>
        <Chip tone={chip.tone}>{chip.label}</Chip>
      </div>
      <WindowState window={window} />
      {finding && (
        <>
          {/* The finding's fix is the key rule itself: it is shown once, below. */}
          <p className={`send-window__finding send-window__finding--${finding.severity}`} data-testid="window-finding" data-rule={finding.rule} data-severity={finding.severity}>
            {finding.severity === "error" ? <CircleAlert size={15} aria-label="Error" /> : <TriangleAlert size={15} aria-label="Warning" />}
            <span>
              {finding.message}
              {finding.severity === "warning" && " You chose to send it anyway."}
            </span>
          </p>
          <p className="send-window__rule" data-testid="key-rule">
            {keyRule}
          </p>
          <div className="row">
            <button type="button" className="btn btn--primary btn--sm" onClick={onUseTemplate} data-testid="use-template">
              <FileText size={14} aria-hidden />
              Use a template instead
            </button>
            <label className="checkbox">
              <input type="checkbox" checked={sendOutsideWindow} onChange={(e) => onSendOutsideWindow(e.target.checked)} data-testid="send-anyway" />
              Send anyway: Meta may accept it, then fail it with 131047, which the log will show
            </label>
          </div>
        </>
      )}
    </section>
  );
}
