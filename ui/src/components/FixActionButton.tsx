// The in-app fix for a failing check, step or error: a page of the console, a re-run, an outside
// address to copy, or an honest disabled button naming the page that will bring it. Each action's label and
// behaviour come from the catalogue (FixAction::table in waba-core), sent once in AppInfo.fixActions.
import { ArrowRight, Globe, RotateCw, Wrench } from "lucide-react";
import { useId } from "react";
import { Link, useLocation } from "react-router";
import type { FixAction } from "../bindings/FixAction";
import { useAppInfo } from "../lib/queries";
import { CopyableUrl } from "./CopyableUrl";
import { Spinner } from "./Loading";

interface Props {
  action: FixAction;
  /** How "Wait, then retry" re-runs in place; without it the button opens the Doctor page and runs it. */
  onRerun?: () => void;
  rerunning?: boolean;
}

export function FixActionButton({ action, onRerun, rerunning = false }: Props) {
  const captionId = useId();
  const { pathname } = useLocation();
  const info = useAppInfo().data?.fixActions.find((a) => a.action === action);
  // Until the table has arrived (it comes with the app's first answer), there is no button to show.
  if (!info) return null;
  const { label, behaviour } = info;
  const testId = `fix-action-${action}`;

  switch (behaviour.kind) {
    case "route":
      // Already there (a token error on the Token page): the page itself is the fix.
      if (behaviour.path === pathname) return null;
      return (
        <Link className="btn btn--sm btn--primary fix-action" to={behaviour.path} data-testid={testId}>
          {label}
          <ArrowRight size={14} aria-hidden />
        </Link>
      );
    case "rerun":
      return onRerun ? (
        <button type="button" className="btn btn--sm btn--primary fix-action" onClick={onRerun} disabled={rerunning} data-testid={testId}>
          {rerunning ? <Spinner size={14} /> : <RotateCw size={14} aria-hidden />}
          {label}
        </button>
      ) : (
        <Link className="btn btn--sm btn--primary fix-action" to="/doctor?run=1" data-testid={testId}>
          <RotateCw size={14} aria-hidden />
          {label} with the doctor
        </Link>
      );
    case "external":
      return (
        <div className="fix-action fix-action--external" data-testid={testId}>
          <Globe size={15} aria-hidden />
          <span>
            <strong>{label}</strong>
            <span className="muted"> in your browser:</span>
          </span>
          <CopyableUrl url={behaviour.url} />
        </div>
      );
    case "unavailable":
      return (
        <span className="fix-action fix-action--unavailable" title={`Arrives with the ${behaviour.page} page`}>
          <button type="button" className="btn btn--sm" disabled aria-describedby={captionId} data-testid={testId}>
            <Wrench size={14} aria-hidden />
            {label}
          </button>
          <span className="fix-action__caption" id={captionId}>
            Arrives with the {behaviour.page} page
          </span>
        </span>
      );
  }
}
