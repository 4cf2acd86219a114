// The editor's kept drafts above the list: a draft is never lost, so it waits here until it is continued and submitted,
// or discarded (after a confirmation). Nothing shows when there is none.
import { FilePen, Trash2 } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import type { Profile } from "../../bindings/Profile";
import type { TemplateDraftInfo } from "../../bindings/TemplateDraftInfo";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorCard } from "../../components/ErrorCard";
import { RelativeTime } from "../../components/RelativeTime";
import { useDiscardDraft, useTemplateDrafts } from "./queries";

/** The draft's template name when its text is already valid JSON with one; drafts are kept as typed, so often it is not. */
export function draftName(draft: TemplateDraftInfo): string | null {
  try {
    const parsed: unknown = JSON.parse(draft.text);
    if (parsed && typeof parsed === "object" && "name" in parsed && typeof parsed.name === "string" && parsed.name.trim()) return parsed.name.trim();
  } catch {
    // Not valid JSON yet: the draft is kept as typed.
  }
  return null;
}

export function TemplateListDrafts({ profile }: { profile: Profile }) {
  const drafts = useTemplateDrafts(profile.id);
  const discard = useDiscardDraft(profile.id);
  const [discarding, setDiscarding] = useState<TemplateDraftInfo | null>(null);
  if (drafts.isError) return <ErrorCard error={drafts.error} onRetry={() => void drafts.refetch()} />;
  if (!drafts.data?.length) return null;
  const name = (d: TemplateDraftInfo) => draftName(d) ?? "Untitled draft";
  return (
    <section className="card templates-drafts" data-testid="template-drafts" aria-labelledby="template-drafts-title">
      <h2 className="templates-drafts__title" id="template-drafts-title">
        <FilePen size={16} aria-hidden />
        Drafts
        <span className="muted templates-drafts__note">kept until you submit or discard them</span>
      </h2>
      <ul className="templates-drafts__list">
        {drafts.data.map((draft) => (
          <li key={draft.id} className="templates-draft" data-testid={`draft-row-${draft.id}`}>
            <span className={draftName(draft) ? "mono templates-draft__name" : "muted templates-draft__name"}>{name(draft)}</span>
            <span className="muted templates-draft__time">
              edited <RelativeTime iso={draft.updatedAt} />
            </span>
            <Link className="btn btn--sm" to={`/templates/new?draft=${encodeURIComponent(draft.id)}`}>
              Continue
            </Link>
            <button type="button" className="btn btn--sm btn--ghost btn--ghost-danger" onClick={() => setDiscarding(draft)} disabled={discard.isPending}>
              <Trash2 size={14} aria-hidden />
              Discard
            </button>
          </li>
        ))}
      </ul>
      {discard.isError && <ErrorCard error={discard.error} />}
      <ConfirmDialog
        open={discarding !== null}
        onOpenChange={(open) => !open && setDiscarding(null)}
        testId="draft-discard-confirm"
        title={`Discard ${discarding ? name(discarding) : "this draft"}?`}
        description="The draft's text is removed from this computer and cannot be brought back. Nothing was sent to Meta."
        confirmLabel="Discard draft"
        onConfirm={() => discarding && discard.mutate(discarding.id)}
      />
    </section>
  );
}
