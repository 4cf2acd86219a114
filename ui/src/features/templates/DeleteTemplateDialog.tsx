// Deletes one language of a template or every language of its name, behind a confirmation whose words come from Rust
// (the delete sent unconfirmed answers them: a deleted APPROVED name cannot be used again for 30 days). On success the
// list says what was deleted. The delete can be copied as curl before it is confirmed.
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { Profile } from "../../bindings/Profile";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Spinner } from "../../components/Loading";
import { pageContainer } from "../../components/pageContainer";
import { useDeleteTemplate, useDeleteWarning } from "./queries";

/** What the delete leaves for the list to say (router state of the navigation back to /templates). */
export interface DeletedState {
  deleted: string;
}

type Scope = "language" | "name";

/** `languages` is how many languages of the template's name the synced list holds. */
export function DeleteTemplateDialog({ profile, template, languages }: { profile: Profile; template: TemplateInfo; languages: number }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<Scope>("language");
  const remove = useDeleteTemplate(profile.id);
  const language = scope === "language" ? template.language : null;
  // Read only while the dialog is open; each scope has its own words.
  const warning = useDeleteWarning(profile.id, template.name, language, open);

  function confirm() {
    remove.mutate(
      { name: template.name, language },
      {
        onSuccess: (deleted) => {
          setOpen(false);
          const state: DeletedState = { deleted: deleted.message };
          void navigate("/templates", { state });
        },
      },
    );
  }

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) remove.reset();
      }}
    >
      <AlertDialog.Trigger asChild>
        <button type="button" className="btn btn--ghost btn--ghost-danger" data-testid="template-delete">
          <Trash2 size={15} aria-hidden />
          Delete…
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal container={pageContainer()}>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog--sm" data-testid="template-delete-dialog">
          <div className="dialog__header">
            <div>
              <AlertDialog.Title className="dialog__title">
                Delete <span className="mono">{template.name}</span>?
              </AlertDialog.Title>
              <AlertDialog.Description className="dialog__description">A delete cannot be undone: to send it again, the template has to be created and reviewed again.</AlertDialog.Description>
            </div>
          </div>
          <div className="dialog__body stack">
            <fieldset className="templates-scope">
              <legend className="templates-scope__legend">What to delete</legend>
              <label className="templates-scope__option">
                <input type="radio" name="delete-scope" data-testid="delete-scope-language" checked={scope === "language"} onChange={() => setScope("language")} />
                <span>
                  Only <span className="mono">{template.language}</span>
                </span>
              </label>
              <label className="templates-scope__option">
                <input type="radio" name="delete-scope" data-testid="delete-scope-name" checked={scope === "name"} onChange={() => setScope("name")} />
                <span>
                  Every language of <span className="mono">{template.name}</span> ({languages})
                </span>
              </label>
            </fieldset>
            {warning.isPending ? (
              <LoadingLine>Reading what this delete does…</LoadingLine>
            ) : warning.isError ? (
              <ErrorCard error={warning.error} onRetry={() => void warning.refetch()} />
            ) : (
              <p className="callout callout--warn templates-inline" data-testid="delete-warning">
                <span>{warning.data}</span>
              </p>
            )}
            {remove.error && <ErrorCard error={remove.error} />}
            <div>
              <CopyCurlButton
                profileId={profile.id}
                call={{ kind: "deleteTemplate", name: template.name, hsmId: scope === "language" ? template.id : null }}
                what={scope === "language" ? `Delete ${template.name} (${template.language})` : `Delete every language of ${template.name}`}
                testId="copy-curl-delete-template"
              />
            </div>
          </div>
          <div className="dialog__footer">
            <AlertDialog.Cancel className="btn">Cancel</AlertDialog.Cancel>
            {/* Not an AlertDialog.Action: the dialog stays open until Meta answered, to show a refusal in place. */}
            <button type="button" className="btn btn--danger" data-testid="delete-confirm" disabled={remove.isPending || !warning.isSuccess} onClick={confirm}>
              {remove.isPending ? <Spinner /> : <Trash2 size={15} aria-hidden />}
              {scope === "language" ? `Delete ${template.language}` : `Delete all ${languages}`}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
