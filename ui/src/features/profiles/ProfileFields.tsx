// The "Add profile" inputs with help on where each ID lives in Meta's UI, and the backend's message under each field.
import * as Collapsible from "@radix-ui/react-collapsible";
import { ChevronRight } from "lucide-react";
import { useState } from "react";
import type { AppInfo } from "../../bindings/AppInfo";
import type { NewProfile } from "../../bindings/NewProfile";
import { Field } from "../../components/Field";
import { Select } from "../../components/Select";
import { Chip } from "../../components/StatusChip";
import { formatDate } from "../../lib/format";
import { VERSION_STATUS } from "../../lib/versionStatus";

export type ProfileDraft = Omit<NewProfile, "baseUrl"> & { baseUrl: string };
type TextField = "name" | "appId" | "wabaId" | "phoneNumberId";

const TEXT_FIELDS: { name: TextField; label: string; hint: string; placeholder: string; numeric: boolean }[] = [
  { name: "name", label: "Profile name", hint: "Your own label for this setup.", placeholder: "Acme support line", numeric: false },
  {
    name: "appId",
    label: "App ID",
    hint: "App dashboard (developers.facebook.com) › App settings › Basic › App ID.",
    placeholder: "634974688087057",
    numeric: true,
  },
  {
    name: "wabaId",
    label: "WhatsApp Business Account ID",
    hint: "WhatsApp Manager › Account tools, or App dashboard › WhatsApp › API Setup › “WhatsApp Business Account ID”.",
    placeholder: "102290129340398",
    numeric: true,
  },
  {
    name: "phoneNumberId",
    label: "Phone-number ID",
    hint: "App dashboard › WhatsApp › API Setup › “Phone number ID”: a long numeric ID, not the phone number itself.",
    placeholder: "106540352242922",
    numeric: true,
  },
];

export const PROFILE_FIELDS: readonly (keyof ProfileDraft)[] = [...TEXT_FIELDS.map((f) => f.name), "apiVersion", "baseUrl"];

/** What the API said an ID typed in the form is (see AddProfileDialog). */
export type IdVerdicts = Partial<Record<"wabaId" | "phoneNumberId", { fits: boolean; message: string }>>;

interface Props {
  draft: ProfileDraft;
  onChange: (draft: ProfileDraft) => void;
  errors: Record<string, string>;
  appInfo: AppInfo;
  /** Verdicts of the API's ID check, shown in place of the hint. */
  idVerdicts?: IdVerdicts;
  /** Called when an ID field loses focus, so the dialog can ask the API what the ID is. */
  onIdBlur?: (field: "wabaId" | "phoneNumberId", value: string) => void;
}

function verdictHint(hint: string, verdict: { fits: boolean; message: string } | undefined) {
  if (!verdict) return hint;
  return (
    <span className={verdict.fits ? "id-verdict id-verdict--ok" : "id-verdict id-verdict--warn"} data-testid="id-verdict">
      {verdict.message}
    </span>
  );
}

export function ProfileFields({ draft, onChange, errors, appInfo, idVerdicts, onIdBlur }: Props) {
  const [advancedOpen, setAdvancedOpen] = useState(draft.baseUrl !== "");
  const set = (field: keyof ProfileDraft, value: string) => onChange({ ...draft, [field]: value });
  const versionOptions = appInfo.apiVersions.map((v) => ({
    value: v.name,
    label: v.name,
    description: v.availableUntil ? `Served until ${formatDate(v.availableUntil)}` : "No end date announced",
    adornment: <Chip tone={VERSION_STATUS[v.status].tone}>{VERSION_STATUS[v.status].label}</Chip>,
  }));

  return (
    <div className="stack">
      {TEXT_FIELDS.map((f) => (
        <Field
          key={f.name}
          id={`profile-${f.name}`}
          label={f.label}
          hint={f.name === "wabaId" || f.name === "phoneNumberId" ? verdictHint(f.hint, idVerdicts?.[f.name]) : f.hint}
          error={errors[f.name]}
        >
          {(control) => (
            <input
              {...control}
              className={`input ${f.numeric ? "input--mono" : ""}`}
              name={f.name}
              value={draft[f.name]}
              placeholder={f.placeholder}
              inputMode={f.numeric ? "numeric" : undefined}
              autoComplete="off"
              spellCheck={!f.numeric}
              onChange={(e) => set(f.name, e.target.value)}
              onBlur={(e) => {
                if ((f.name === "wabaId" || f.name === "phoneNumberId") && e.target.value.trim()) onIdBlur?.(f.name, e.target.value);
              }}
            />
          )}
        </Field>
      ))}
      <Field
        id="profile-apiVersion"
        label="Graph API version"
        hint={`New profiles use ${appInfo.defaultApiVersion}, the newest version Meta serves.`}
        error={errors.apiVersion}
      >
        {(control) => (
          <Select {...control} name="apiVersion" value={draft.apiVersion} onValueChange={(v) => set("apiVersion", v)} options={versionOptions} />
        )}
      </Field>
      <Collapsible.Root open={advancedOpen || Boolean(errors.baseUrl)} onOpenChange={setAdvancedOpen} className="stack">
        <Collapsible.Trigger className="disclosure advanced-toggle">
          <ChevronRight size={14} aria-hidden />
          Advanced
        </Collapsible.Trigger>
        <Collapsible.Content>
          <Field
            id="profile-baseUrl"
            label="Base URL"
            optional
            hint="Leave empty to talk to Meta. Set it only for a proxy or a local test server."
            error={errors.baseUrl}
          >
            {(control) => (
              <input
                {...control}
                className="input input--mono"
                name="baseUrl"
                type="url"
                value={draft.baseUrl}
                placeholder="https://graph.facebook.com"
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => set("baseUrl", e.target.value)}
              />
            )}
          </Field>
        </Collapsible.Content>
      </Collapsible.Root>
    </div>
  );
}
