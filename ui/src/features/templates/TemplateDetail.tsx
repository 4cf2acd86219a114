// One template beside the list: its status, category and quality with what they mean, why Meta rejected it and how to
// fix it, the message as the recipient sees it, and what can be done with it (edit within Meta's limits, delete, read it
// again). While Meta reviews it, the panel follows the review on the backend's schedule.
import { FileQuestion, Pencil, RefreshCw, TriangleAlert, X } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Profile } from "../../bindings/Profile";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import type { TemplateListing } from "../../bindings/TemplateListing";
import { CopyableUrl } from "../../components/CopyableUrl";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { ExplainedChip } from "../../components/ExplainedChip";
import { Spinner } from "../../components/Loading";
import { RelativeTime } from "../../components/RelativeTime";
import { useAppInfo } from "../../lib/queries";
import { DeleteTemplateDialog } from "./DeleteTemplateDialog";
import { IN_REVIEW, TemplateDetailReview } from "./TemplateDetailReview";
import { TemplatePreview } from "./TemplatePreview";
import { EDITABLE_STATUSES } from "./draftText";
import { useEditLimits, useRefreshTemplate } from "./queries";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="templates-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ExplainedFact({ explained, testId, note }: { explained: TemplateInfo["status"] | TemplateInfo["category"] | TemplateInfo["quality"]; testId: string; note?: ReactNode }) {
  if (!explained) return <span className="muted">— (Meta sent none)</span>;
  return (
    <span className="templates-fact__stack">
      <span className="row templates-fact__chips">
        <ExplainedChip explained={explained} testId={testId} />
        {note}
      </span>
      <span className="muted templates-fact__note">{explained.meaning}</span>
    </span>
  );
}

function EditAction({ profile, template }: { profile: Profile; template: TemplateInfo }) {
  const limits = useEditLimits(profile.id, template.id);
  const reached = limits.data?.reached ?? false;
  return (
    <div className="templates-action" data-testid="template-edit-action">
      {reached || !limits.data ? (
        <button type="button" className="btn" disabled data-testid="template-edit">
          {limits.isPending ? <Spinner /> : <Pencil size={15} aria-hidden />}
          Edit
        </button>
      ) : (
        <Link className="btn" to={`/templates/${encodeURIComponent(template.id)}/edit`} data-testid="template-edit">
          <Pencil size={15} aria-hidden />
          Edit
        </Link>
      )}
      {limits.isError && <ErrorCard error={limits.error} onRetry={() => void limits.refetch()} />}
      {limits.data && (
        <p className={`templates-action__note${reached ? " templates-action__note--warn" : ""}`} data-testid="template-edit-limits">
          {reached && (
            <strong>
              Meta&apos;s edit limit is reached
              {limits.data.nextEditAt && (
                <>
                  {" "}
                  until <RelativeTime iso={limits.data.nextEditAt} />
                </>
              )}
              .{" "}
            </strong>
          )}
          {limits.data.summary}
        </p>
      )}
    </div>
  );
}

function NotSynced({ templateId }: { templateId: string }) {
  return (
    <section className="card templates-detail" data-testid="template-detail" data-status="missing">
      <EmptyState
        icon={FileQuestion}
        title="This template is not in the synced list"
        action={
          <Link className="btn" to="/templates">
            Back to all templates
          </Link>
        }
      >
        No template with ID <span className="mono">{templateId}</span> was in the last sync: it may have been deleted, or created after it. Sync now to
        read the WABA&apos;s templates again.
      </EmptyState>
    </section>
  );
}

export function TemplateDetail({ profile, templateId, template, listing }: { profile: Profile; templateId: string; template: TemplateInfo | undefined; listing: TemplateListing }) {
  const schedule = useAppInfo().data?.templateReviewPoll;
  const refresh = useRefreshTemplate(profile.id);
  if (!template) return <NotSynced templateId={templateId} />;

  const status = template.status.value;
  const languages = listing.templates.filter((t) => t.name === template.name).length;
  const editable = EDITABLE_STATUSES.includes(status);
  return (
    <section className="card templates-detail" data-testid="template-detail" data-status={status} aria-labelledby="template-detail-title">
      <div className="templates-detail__head">
        <div className="templates-detail__title-block">
          <h2 className="templates-detail__title mono" id="template-detail-title">
            {template.name}
          </h2>
          <p className="muted">
            <span className="mono">{template.language}</span> · <CopyableUrl url={template.id} />
          </p>
        </div>
        <Link className="btn btn--icon btn--ghost" to="/templates" aria-label="Close the template" title="Close">
          <X size={16} aria-hidden />
        </Link>
      </div>

      {template.rejection && (
        <div className="callout callout--fail templates-rejection" data-testid="template-rejection">
          <TriangleAlert size={16} aria-hidden />
          <div className="stack templates-rejection__body">
            <p>
              <strong>Meta rejected it: </strong>
              {template.rejection.meaning} <span className="muted mono">({template.rejection.reason})</span>
            </p>
            <p>
              <strong>How to fix it: </strong>
              {template.rejection.fix}
            </p>
          </div>
        </div>
      )}

      {IN_REVIEW.includes(status) && schedule && <TemplateDetailReview profile={profile} template={template} schedule={schedule} />}

      <dl className="templates-facts">
        <Fact label="Status">
          <ExplainedFact explained={template.status} testId="template-status" />
        </Fact>
        <Fact label="Category">
          <ExplainedFact explained={template.category} testId="template-category" note={template.previousCategory && <span className="muted">was {template.previousCategory}</span>} />
        </Fact>
        <Fact label="Quality">
          <ExplainedFact explained={template.quality} testId="template-quality" />
        </Fact>
        <Fact label="Parameter format">
          <span className="mono">{template.parameterFormat ?? "POSITIONAL"}</span>
          {!template.parameterFormat && <span className="muted"> (Meta&apos;s default)</span>}
        </Fact>
      </dl>

      <TemplatePreview components={template.components} />

      <div className="templates-detail__actions">
        {editable ? (
          <EditAction profile={profile} template={template} />
        ) : (
          <div className="templates-action">
            <button type="button" className="btn" disabled data-testid="template-edit">
              <Pencil size={15} aria-hidden />
              Edit
            </button>
            <p className="templates-action__note">Meta lets only APPROVED, REJECTED and PAUSED templates be edited; this one is {status}.</p>
          </div>
        )}
        <div className="row">
          <button type="button" className="btn" data-testid="template-refresh" onClick={() => refresh.mutate(template.id)} disabled={refresh.isPending}>
            {refresh.isPending ? <Spinner /> : <RefreshCw size={15} aria-hidden />}
            Refresh
          </button>
          <CopyCurlButton
            profileId={profile.id}
            call={{ kind: "template", templateId: template.id }}
            what={`Read ${template.name} (${template.language})`}
            label="Copy the read as curl"
            testId="copy-curl-template"
          />
          <DeleteTemplateDialog profile={profile} template={template} languages={languages} />
        </div>
        {refresh.isError && <ErrorCard error={refresh.error} onRetry={() => refresh.mutate(template.id)} />}
      </div>
    </section>
  );
}
