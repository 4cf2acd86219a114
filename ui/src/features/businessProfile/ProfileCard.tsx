// Part 1 of the Business profile page, the profile's fields: about, description, address, email, the websites and the
// industry, each checked as typed by the backend (errors block the save, warnings are shown in a calmer tone). What is
// typed is kept until it is saved or discarded; "Review and save" shows the diff, and its curl, before anything is sent.
import { Plus, RotateCcw, Save, Trash2 } from "lucide-react";
import { useState } from "react";
import type { CommandError } from "../../bindings/CommandError";
import type { ProfileDraftReport } from "../../bindings/ProfileDraftReport";
import type { ProfilePage } from "../../bindings/ProfilePage";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { ErrorCard } from "../../components/ErrorCard";
import { Spinner } from "../../components/Loading";
import { Select } from "../../components/Select";
import { Chip } from "../../components/StatusChip";
import { messagesFor, websiteField, type ProfileForm } from "./draft";
import { CheckedField, Findings } from "./fields";

interface Props {
  page: ProfilePage;
  form: ProfileForm;
  onChange: (edit: (form: ProfileForm) => ProfileForm) => void;
  /** The check of the form as typed; undefined while nothing was edited. */
  report: ProfileDraftReport | undefined;
  /** Whether `report` is of the form as it is now. */
  current: boolean;
  checkError: CommandError | null;
  edited: boolean;
  onDiscard: () => void;
  onSave: (report: ProfileDraftReport) => void;
  saving: boolean;
  saveError: CommandError | null;
  saved: boolean;
}

/** Why "Review and save" is disabled, or null when it is not. */
function blockedReason({ edited, report, current, checkError, saving }: Pick<Props, "edited" | "report" | "current" | "checkError" | "saving">): string | null {
  if (saving) return "Saving…";
  if (!edited) return "Nothing changed yet: edit a field to save it.";
  if (checkError) return "The fields could not be checked, so nothing can be saved yet: see why above.";
  if (!report || !current) return "Checking the latest changes…";
  const errors = report.errors.length;
  if (errors) return `${errors} field${errors === 1 ? "" : "s"} to fix before saving: see the message${errors === 1 ? "" : "s"} under ${errors === 1 ? "it" : "them"}.`;
  if (!report.diff.length) return "Nothing changed: the fields are as Meta holds them.";
  return null;
}

function Diff({ report }: { report: ProfileDraftReport }) {
  return (
    <span className="bp-diff" data-testid="profile-diff">
      {report.diff.map((change) => (
        <span key={change.field} className="bp-diff__row" data-field={change.field}>
          <span className="bp-diff__label">{change.label}</span>
          <span className="bp-diff__values">
            <span className="bp-diff__before">{change.before ?? <em className="muted">not set</em>}</span>
            <span aria-label="becomes"> → </span>
            <span className="bp-diff__after">{change.after ?? <em>cleared</em>}</span>
          </span>
        </span>
      ))}
    </span>
  );
}

export function ProfileCard({ page, form, onChange, report, current, checkError, edited, onDiscard, onSave, saving, saveError, saved }: Props) {
  const { rules } = page;
  const [confirming, setConfirming] = useState(false);
  const errors = report?.errors;
  const warnings = report?.warnings;
  const set = (field: keyof Omit<ProfileForm, "websites">) => (value: string) => onChange((f) => ({ ...f, [field]: value }));
  const unsaved = edited && (report?.diff.length ?? 0) > 0;
  const reason = blockedReason({ edited, report, current, checkError, saving });
  const vertical = rules.verticals.find((v) => v.value === form.vertical);
  // A third website is not offered; one the check counts (kept from an older draft) still shows, to remove.
  const canAddWebsite = form.websites.length < rules.websitesMax;

  const text = (field: "about" | "address" | "description" | "email", label: string, max: number, multiline = false) => (
    <CheckedField id={`profile-${field}`} label={label} max={max} value={form[field]} errors={messagesFor(errors, field)} warnings={messagesFor(warnings, field)}>
      {(control) =>
        multiline ? (
          <textarea {...control} className="input bp-textarea" rows={4} value={form[field]} onChange={(e) => set(field)(e.target.value)} data-testid={`profile-${field}-input`} />
        ) : (
          <input
            {...control}
            className="input"
            type={field === "email" ? "email" : "text"}
            value={form[field]}
            onChange={(e) => set(field)(e.target.value)}
            data-testid={`profile-${field}-input`}
          />
        )
      }
    </CheckedField>
  );

  return (
    <section className="card" aria-labelledby="bp-profile-title" data-testid="profile-card">
      <header className="card__header">
        <h2 className="card__title" id="bp-profile-title">
          Business profile
        </h2>
        {unsaved && (
          <span data-testid="profile-unsaved">
            <Chip tone="warn">Unsaved changes</Chip>
          </span>
        )}
      </header>
      <form className="card__body stack bp-form" aria-label="Business profile" noValidate onSubmit={(e) => e.preventDefault()}>
        <p className="muted">What customers see when they open the number&apos;s profile in WhatsApp. Only the fields you change are sent to Meta.</p>
        {text("about", "About", rules.aboutMax)}
        {text("description", "Description", rules.descriptionMax, true)}
        {text("address", "Address", rules.addressMax)}
        {text("email", "Email", rules.emailMax)}
        <fieldset className="bp-websites" data-testid="profile-websites">
          <legend className="field__label">Websites</legend>
          {form.websites.map((site, row) => {
            const field = websiteField(form.websites, row);
            return (
              <div className="bp-website" key={row} data-testid="profile-website">
                <CheckedField
                  id={`profile-website-${row}`}
                  label={`Website ${row + 1}`}
                  labelHidden
                  max={rules.websiteMax}
                  value={site}
                  errors={field ? messagesFor(errors, field) : []}
                  warnings={field ? messagesFor(warnings, field) : []}
                >
                  {(control) => (
                    <input
                      {...control}
                      className="input input--mono"
                      type="url"
                      placeholder="https://www.example.com"
                      value={site}
                      onChange={(e) => onChange((f) => ({ ...f, websites: f.websites.map((s, i) => (i === row ? e.target.value : s)) }))}
                    />
                  )}
                </CheckedField>
                <button
                  type="button"
                  className="btn btn--ghost btn--icon"
                  aria-label={`Remove website ${row + 1}`}
                  onClick={() => onChange((f) => ({ ...f, websites: f.websites.length > 1 ? f.websites.filter((_, i) => i !== row) : [""] }))}
                >
                  <Trash2 size={15} aria-hidden />
                </button>
              </div>
            );
          })}
          <Findings id="profile-websites-findings" errors={messagesFor(errors, "websites")} warnings={messagesFor(warnings, "websites")} />
          {canAddWebsite && (
            <button type="button" className="btn btn--sm bp-add" onClick={() => onChange((f) => ({ ...f, websites: [...f.websites, ""] }))} data-testid="profile-add-website">
              <Plus size={14} aria-hidden />
              Add a website
            </button>
          )}
          <p className="field__hint">Up to {rules.websitesMax}, each a full address starting with https://.</p>
        </fieldset>
        <CheckedField id="profile-vertical" label="Industry" errors={messagesFor(errors, "vertical")} warnings={messagesFor(warnings, "vertical")}>
          {(control) => (
            <Select
              id={control.id}
              aria-invalid={control["aria-invalid"]}
              aria-describedby={control["aria-describedby"]}
              data-testid="profile-vertical"
              value={vertical ? vertical.value : ""}
              placeholder="Not set"
              options={rules.verticals}
              onValueChange={set("vertical")}
            />
          )}
        </CheckedField>
      </form>
      <div className="card__footer bp-footer">
        <button
          type="button"
          className="btn btn--primary"
          disabled={reason !== null}
          aria-describedby="profile-save-reason"
          onClick={() => setConfirming(true)}
          data-testid="profile-save-button"
        >
          {saving ? <Spinner /> : <Save size={15} aria-hidden />}
          Review and save
        </button>
        {edited && (
          <button type="button" className="btn btn--ghost" onClick={onDiscard} data-testid="profile-discard">
            <RotateCcw size={15} aria-hidden />
            Discard changes
          </button>
        )}
        <span id="profile-save-reason" className="muted" data-testid="profile-save-reason">
          {saved && !edited ? "Saved: the fields show the profile as Meta read it back." : (reason ?? "Ready: review the changes before they are sent.")}
        </span>
      </div>
      {checkError && (
        <div className="card__body">
          <ErrorCard error={checkError} />
        </div>
      )}
      {saveError && (
        <div className="card__body" data-testid="profile-save-error">
          <ErrorCard error={saveError} />
          <p className="muted">Your changes are still here: fix what the card says, then save again.</p>
        </div>
      )}
      {report && reason === null && (
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          testId="profile-save-dialog"
          confirmTestId="confirm-save-button"
          tone="primary"
          title="Save the business profile?"
          description={
            <>
              These fields change on WhatsApp for everyone who opens the profile:
              <Diff report={report} />
              <CopyCurlButton profileId={page.profileId} call={{ kind: "saveBusinessProfile", changes: report.changes }} what="Save the business profile" testId="profile-copy-curl" />
            </>
          }
          confirmLabel="Save to WhatsApp"
          onConfirm={() => onSave(report)}
        />
      )}
    </section>
  );
}
