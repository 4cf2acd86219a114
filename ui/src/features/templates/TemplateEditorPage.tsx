// The Templates editor page: /templates/new (a new draft, or with ?draft=<id> a kept one) and /templates/:templateId/edit
// (a synced template, with Meta's edit limits shown before anything is sent). It finds what is edited, says so when it
// cannot (a draft gone, a template not synced or in a status Meta does not edit), and hands it to the editor.
import { FilePlus2, FileX } from "lucide-react";
import { useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import type { Profile } from "../../bindings/Profile";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { draftFromTemplate, draftToText, EDITABLE_STATUSES, NEW_DRAFT } from "./draftText";
import { EditorWorkspace, limitsCounts } from "./EditorWorkspace";
import { everyTemplate, useEditLimits, useTemplateDrafts, useTemplateList } from "./queries";

/** What the editor's own URL change (a new draft's first save) leaves in the location, so the page does not reopen it. */
interface KeptState {
  keptDraft: string;
}

const BACK = (
  <Link to="/templates" className="btn btn--sm">
    Back to templates
  </Link>
);

export function TemplateEditorPage() {
  const { templateId } = useParams();
  return (
    <ActiveProfileGate>
      {(profile) => (templateId ? <EditExisting key={`${profile.id}/${templateId}`} profile={profile} templateId={templateId} /> : <CreateNew key={profile.id} profile={profile} />)}
    </ActiveProfileGate>
  );
}

function CreateNew({ profile }: { profile: Profile }) {
  const location = useLocation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const requested = params.get("draft");
  const ownChange = requested !== null && (location.state as KeptState | null)?.keptDraft === requested;
  // Which draft is open; a new navigation (not the editor's own) opens what it asks for.
  const [opened, setOpened] = useState({ key: location.key, draftId: requested });
  if (location.key !== opened.key && !ownChange) setOpened({ key: location.key, draftId: requested });

  const onDraftKept = (draftId: string) => {
    const state: KeptState = { keptDraft: draftId };
    void navigate(`/templates/new?draft=${encodeURIComponent(draftId)}`, { replace: true, state });
  };

  return (
    <div className="stack">
      <PageHeader
        eyebrow="Templates"
        title="New template"
        description="Write the template in the form or as Meta's JSON; the console checks it against Meta's rejection reasons as you type and keeps it as a draft until you submit or discard it."
        actions={BACK}
      />
      {opened.draftId === null ? (
        <EditorWorkspace
          key={opened.key}
          profileId={profile.id}
          initialText={draftToText(NEW_DRAFT)}
          target={{ kind: "create", draftId: null, savedAt: null, onDraftKept }}
        />
      ) : (
        <KeptDraft key={opened.key} profileId={profile.id} draftId={opened.draftId} onDraftKept={onDraftKept} />
      )}
    </div>
  );
}

function KeptDraft({ profileId, draftId, onDraftKept }: { profileId: string; draftId: string; onDraftKept: (id: string) => void }) {
  // Read fresh on every opening (the cache may be older than the draft's last save), and opened only once that read
  // answered: typing into an older text would overwrite the newer one at the next save.
  const drafts = useTemplateDrafts(profileId, { fresh: true });
  // The text is opened once: later reads of the list (after a save) must not replace what is being typed.
  const [opened, setOpened] = useState<{ text: string; savedAt: string } | null>(null);
  const draft = drafts.isFetching ? undefined : drafts.data?.find((d) => d.id === draftId);
  if (!opened && draft) setOpened({ text: draft.text, savedAt: draft.updatedAt });

  if (opened) return <EditorWorkspace profileId={profileId} initialText={opened.text} target={{ kind: "create", draftId, savedAt: opened.savedAt, onDraftKept }} />;
  if (drafts.isPending || drafts.isFetching) return <LoadingLine>Opening the kept draft…</LoadingLine>;
  if (drafts.isError) return <ErrorCard error={drafts.error} onRetry={() => void drafts.refetch()} />;
  return (
    <div className="card" data-testid="draft-gone">
      <EmptyState
        icon={FileX}
        title="This draft is gone"
        action={
          <Link className="btn btn--primary" to="/templates/new">
            <FilePlus2 size={15} aria-hidden />
            Start a new template
          </Link>
        }
      >
        It was submitted to Meta or discarded. Submitted templates are in the list; start a new one to write another.
      </EmptyState>
    </div>
  );
}

function EditExisting({ profile, templateId }: { profile: Profile; templateId: string }) {
  const list = useTemplateList(everyTemplate(profile.id));
  const template = list.data?.templates.find((t) => t.id === templateId);
  // The text is opened once: a later read of the list must not replace what is being typed.
  const [initialText, setInitialText] = useState<string | null>(null);
  if (initialText === null && template) setInitialText(draftToText(draftFromTemplate(template)));

  const title = template ? `Edit ${template.name}` : "Edit template";
  let body;
  if (list.isPending) body = <LoadingLine>Reading the synced templates…</LoadingLine>;
  else if (list.isError) body = <ErrorCard error={list.error} onRetry={() => void list.refetch()} />;
  else if (!template || initialText === null) {
    body = (
      <div className="card" data-testid="template-missing">
        <EmptyState icon={FileX} title="This template is not in the synced list" action={BACK}>
          It may have been deleted, or the list is older than it: sync the list on the Templates page, then open it again.
        </EmptyState>
      </div>
    );
  } else if (!EDITABLE_STATUSES.includes(template.status.value)) {
    body = (
      <div className="card" data-testid="template-not-editable">
        <EmptyState
          icon={FileX}
          title={`Meta does not edit a ${template.status.value} template`}
          action={
            <Link className="btn" to={`/templates/${encodeURIComponent(template.id)}`}>
              Back to {template.name}
            </Link>
          }
        >
          Meta lets only APPROVED, REJECTED and PAUSED templates be edited. Wait for the review to end, or create a new template with the change.
        </EmptyState>
      </div>
    );
  } else {
    body = <EditEditable profile={profile} template={template} initialText={initialText} />;
  }
  return (
    <div className="stack">
      <PageHeader
        eyebrow="Templates"
        title={title}
        description={
          template
            ? `${template.language}, ${template.status.value}. Meta keeps the name and language; the edited template is reviewed again.`
            : "An edit changes the category or the components of a synced template."
        }
        actions={BACK}
      />
      {body}
    </div>
  );
}

/** A template Meta edits: its edit limits first, then the editor. */
function EditEditable({ profile, template, initialText }: { profile: Profile; template: TemplateInfo; initialText: string }) {
  const limits = useEditLimits(profile.id, template.id);
  return (
    <>
      <div className={limits.data?.reached ? "callout callout--fail" : "callout callout--info"} data-testid="edit-limits" data-reached={limits.data?.reached ?? false}>
        <div className="callout__body">
          {limits.data ? (
            <>
              <span className="callout__title">{limits.data.limited ? `Edits used: ${limitsCounts(limits.data)}` : "No edit limit applies to this template"}</span>
              <span>{limits.data.summary}</span>
            </>
          ) : limits.isError ? (
            <span>Meta&apos;s edit limits could not be read: {limits.error.message}</span>
          ) : (
            <span>Reading Meta&apos;s edit limits…</span>
          )}
        </div>
      </div>
      <EditorWorkspace profileId={profile.id} initialText={initialText} target={{ kind: "edit", template, limits: { data: limits.data, error: limits.error } }} />
    </>
  );
}
