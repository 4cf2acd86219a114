// A template send: an approved template and language picked from the profile's cached list (synced from Meta on demand),
// a field for each value it takes (header text or media, body variables, the buttons that take a value), and the message
// as the recipient will see it with those values in place.
import { FileText, RefreshCw } from "lucide-react";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine } from "../../components/Loading";
import { Select } from "../../components/Select";
import { Chip } from "../../components/StatusChip";
import { TemplatePreview } from "../templates/TemplatePreview";
import { everyTemplate, useSyncTemplates, useTemplateList } from "../templates/queries";
import { MEDIA_HEADER_KIND, emptySource, findingsAt, previewComponents, templateMessage, templateShape, type TemplateSlot } from "./compose";
import { FindingList, TextField } from "./fields";
import type { FormProps } from "./formProps";
import { MediaSourceField } from "./MediaForm";

const choiceOf = (t: { name: string; language: string }) => `${t.name}:${t.language}`;

/** A template Meta lets the number send reads as a pass; any other status shows as a chip (the check says why). */
const sendable = (t: TemplateInfo) => t.status.tone === "pass";

function slotLabel(slot: TemplateSlot): string {
  if (slot.component === "button") return slot.button?.subType === "url" ? `Button "${slot.label}": the end of its URL` : `Button "${slot.label}": the code to copy`;
  return `${slot.component === "header" ? "Header" : "Body"} {{${slot.label}}}`;
}

/** The cached template the draft names, if the list holds it. */
export function pickedTemplate(templates: TemplateInfo[] | undefined, name: string, language: string): TemplateInfo | undefined {
  return templates?.find((t) => t.name === name && t.language === language);
}

export function TemplateSendForm({ profileId, draft, change, findings }: FormProps) {
  const list = useTemplateList(everyTemplate(profileId));
  const sync = useSyncTemplates(profileId);
  const values = draft.template;
  const set = (edit: Partial<typeof values>) => change((d) => ({ ...d, template: { ...d.template, ...edit } }));

  if (list.isPending) return <LoadingLine>Reading the cached templates…</LoadingLine>;
  if (list.isError) return <ErrorCard error={list.error} onRetry={() => void list.refetch()} />;
  const templates = list.data.templates;
  const syncButton = (
    <button type="button" className="btn btn--sm" onClick={() => sync.mutate()} disabled={sync.isPending} data-testid="sync-templates">
      <RefreshCw size={14} aria-hidden className={sync.isPending ? "spinner" : undefined} />
      {sync.isPending ? "Syncing…" : "Sync templates"}
    </button>
  );
  if (templates.length === 0) {
    return (
      <div className="stack">
        <EmptyState icon={FileText} title={list.data.syncedAt ? "The WABA has no templates" : "No templates synced yet"} action={syncButton}>
          {list.data.syncedAt ? "Create one on the Templates page; once Meta approves it, it can be sent here." : "Read the WABA's templates from Meta to pick one to send."}
        </EmptyState>
        {sync.isError && <ErrorCard error={sync.error} />}
      </div>
    );
  }

  const template = pickedTemplate(templates, values.name, values.language);
  const shape = template ? templateShape(template) : null;
  const { paths } = templateMessage(values, template);
  const options = [...templates]
    .sort((a, b) => Number(sendable(b)) - Number(sendable(a)) || a.name.localeCompare(b.name) || a.language.localeCompare(b.language))
    .map((t) => ({
      value: choiceOf(t),
      label: `${t.name} · ${t.language}`,
      description: t.category?.value,
      adornment: sendable(t) ? undefined : <Chip tone={t.status.tone}>{t.status.value}</Chip>,
    }));

  return (
    <div className="send-template">
      <div className="stack">
        <div className="field">
          <span className="field__label">
            Template and language
          </span>
          <div className="row">
            <Select
              aria-label="Template and language"
              name="template"
              data-testid="template-picker"
              className="send-template__picker"
              value={template ? choiceOf(template) : undefined}
              placeholder="Pick a template"
              options={options}
              onValueChange={(choice) => {
                const picked = templates.find((t) => choiceOf(t) === choice);
                if (picked) set({ name: picked.name, language: picked.language, values: {}, headerSource: emptySource(), headerFilename: "", latitude: "", longitude: "" });
              }}
            />
            {syncButton}
          </div>
          <FindingList findings={findingsAt(findings, "/name").concat(findingsAt(findings, "/language"))} label="Problems with the template" />
          {sync.isError && <ErrorCard error={sync.error} />}
          {values.name && !template && (
            <p className="field__hint">
              {values.name} ({values.language}) is not in the cached list: sync the templates, or pick another one.
            </p>
          )}
          {template && !sendable(template) && <p className="field__hint">{template.status.meaning}</p>}
        </div>
        {shape?.headerFormat && shape.headerFormat !== "LOCATION" && (
          <fieldset className="send-group">
            <legend className="send-group__legend">Header {shape.headerFormat.toLowerCase()}</legend>
            <MediaSourceField
              id="send-template-header"
              profileId={profileId}
              kind={MEDIA_HEADER_KIND[shape.headerFormat] ?? "document"}
              source={values.headerSource}
              onChange={(headerSource) => set({ headerSource })}
              findings={findingsAt(findings, paths.headerMedia)}
            />
            {shape.headerFormat === "DOCUMENT" && <TextField id="send-template-header-filename" label="File name the recipient sees" optional value={values.headerFilename} onChange={(headerFilename) => set({ headerFilename })} findings={[]} />}
          </fieldset>
        )}
        {shape?.headerFormat === "LOCATION" && (
          <fieldset className="send-group">
            <legend className="send-group__legend">Header location</legend>
            <FindingList findings={findingsAt(findings, paths.headerMedia)} label="Problems with the location" />
            <div className="send-grid">
              <TextField id="send-template-latitude" label="Latitude" value={values.latitude} onChange={(latitude) => set({ latitude })} findings={[]} placeholder="37.4847" mono />
              <TextField id="send-template-longitude" label="Longitude" value={values.longitude} onChange={(longitude) => set({ longitude })} findings={[]} placeholder="-122.1477" mono />
            </div>
          </fieldset>
        )}
        {shape && shape.slots.length === 0 && !shape.headerFormat && <p className="muted">This template takes no values: it is sent as written.</p>}
        {shape?.slots.map((slot) => (
          <TextField
            key={slot.key}
            id={`send-template-${slot.key.replace(":", "-")}`}
            label={slotLabel(slot)}
            value={values.values[slot.key] ?? ""}
            onChange={(value) => set({ values: { ...values.values, [slot.key]: value } })}
            findings={findingsAt(findings, paths[slot.key])}
            testId={`template-value-${slot.key}`}
            hint={slot.button?.url ? <>The button opens {slot.button.url}, the variable replaced by this value.</> : undefined}
          />
        ))}
        <FindingList findings={findings.filter((f) => f.path === "/components" || f.path === paths.header || f.path === paths.body)} label="Problems with the values" />
      </div>
      {template && (
        <div className="send-template__preview">
          <TemplatePreview components={previewComponents(template, values)} />
        </div>
      )}
    </div>
  );
}
