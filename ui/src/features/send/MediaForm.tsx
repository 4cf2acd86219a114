// Media messages (image, document with filename and caption, audio, video with caption, sticker) and the source of a
// file wherever one is sent (a media message, a template's media header): uploaded from this computer to the number's
// media first and sent by its ID (the way that avoids Meta's link fetcher), or a public link, checked as Meta's fetcher
// would meet it when the field is left. What Meta accepts per kind (image 5 MB, not the seed's 16 MB) is said by the
// backend's findings, where the admin meets them.
import { CircleCheck, FileUp, Link2, Upload } from "lucide-react";
import { useRef, useState, type ChangeEvent } from "react";
import type { CommandError } from "../../bindings/CommandError";
import type { LinkCheck } from "../../bindings/LinkCheck";
import type { MediaKind } from "../../bindings/MediaKind";
import type { SendFinding } from "../../bindings/SendFinding";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine } from "../../components/Loading";
import { toCommandError } from "../../ipc";
import { useAppInfo } from "../../lib/queries";
import { COUNTER_MAX, findingsAt, type SourceDraft } from "./compose";
import { FindingList, TextField } from "./fields";
import type { FormProps } from "./formProps";
import { useLinkCheck, useUploadMedia } from "./queries";

const KINDS: { kind: MediaKind; label: string }[] = [
  { kind: "image", label: "Image" },
  { kind: "document", label: "Document" },
  { kind: "audio", label: "Audio" },
  { kind: "video", label: "Video" },
  { kind: "sticker", label: "Sticker" },
];

/** `1.2 MB`, `340 KB`. */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The file's bytes as base64 (what `upload_media` takes). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === "string" ? reader.result : "";
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(new Error(`${file.name} could not be read: ${reader.error?.message ?? "unknown error"}. Pick it again.`));
    reader.readAsDataURL(file);
  });
}

/** A refused upload: the checks' findings (a file over the kind's limit, a type Meta refuses) or the error. */
function UploadRefusal({ error }: { error: CommandError }) {
  if (error.details?.kind === "findings") return <FindingList findings={error.details.findings} label="Why the file was not uploaded" />;
  return <ErrorCard error={error} />;
}

/** What the fetch found; findings the checks under the field already show are not repeated. */
function LinkCheckResult({ check, shown }: { check: LinkCheck; shown: SendFinding[] }) {
  const extra = check.findings.filter((f) => !shown.some((s) => s.rule === f.rule));
  const facts = [check.httpStatus !== null ? `HTTP ${check.httpStatus}` : null, check.contentType, check.sizeBytes !== null ? fileSize(check.sizeBytes) : null].filter(Boolean);
  return (
    <div className="send-link-check" data-testid="link-check" data-blocked={check.blocked}>
      {facts.length > 0 && <p className="muted mono">{facts.join(" · ")}</p>}
      {check.findings.length === 0 ? (
        <p className="send-ok">
          <CircleCheck size={15} aria-hidden />
          Meta should be able to fetch this link.
        </p>
      ) : (
        <FindingList findings={extra} label="What the link check found" />
      )}
    </div>
  );
}

interface SourceProps {
  id: string;
  profileId: string;
  kind: MediaKind;
  source: SourceDraft;
  onChange: (source: SourceDraft) => void;
  /** The preview's findings for this source (`…/source/id`, `…/source/url`). */
  findings: SendFinding[];
}

export function MediaSourceField({ id, profileId, kind, source, onChange, findings }: SourceProps) {
  const upload = useUploadMedia();
  const link = source.link.trim();
  // The link the admin left the field with: checked once per link (and kind).
  const [left, setLeft] = useState<string | null>(null);
  const checkLink = useLinkCheck({ kind, url: link }, source.mode === "link" && link !== "" && left === link);
  const [reading, setReading] = useState<string | null>(null);
  const [readError, setReadError] = useState<CommandError | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const checked = checkLink.data ?? null;
  // Before a file is picked or a link typed, the Send button says what is missing; the field stays quiet.
  const shown = (source.mode === "upload" ? source.uploaded : link) ? findings : [];

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    setReadError(null);
    upload.reset();
    setReading(`${file.name} (${fileSize(file.size)})`);
    let dataBase64: string;
    try {
      dataBase64 = await readBase64(file);
    } catch (error) {
      setReadError(toCommandError(error));
      setReading(null);
      return;
    }
    upload.mutate(
      { profileId, kind, fileName: file.name, contentType: file.type || null, dataBase64 },
      { onSuccess: (uploaded) => onChange({ ...source, mode: "upload", uploaded }), onSettled: () => setReading(null) },
    );
  }

  function check() {
    setLeft(link);
  }

  return (
    <div className="stack send-source" style={{ gap: "var(--space-3)" }} data-testid={`${id}-source`}>
      <div className="segmented" role="radiogroup" aria-label="Where the file comes from">
        {(["upload", "link"] as const).map((mode) => (
          <button key={mode} type="button" role="radio" aria-checked={source.mode === mode} className="segmented__option" onClick={() => onChange({ ...source, mode })} data-testid={`${id}-mode-${mode}`}>
            {mode === "upload" ? <Upload size={14} aria-hidden /> : <Link2 size={14} aria-hidden />}
            {mode === "upload" ? "Upload a file" : "Link"}
          </button>
        ))}
      </div>
      {source.mode === "upload" ? (
        <div className="stack" style={{ gap: "var(--space-2)" }}>
          <div className="row">
            <input ref={input} id={`${id}-file`} type="file" className="visually-hidden" onChange={(e) => void pick(e)} data-testid={`${id}-file`} />
            <button type="button" className="btn btn--sm" onClick={() => input.current?.click()} disabled={reading !== null}>
              <FileUp size={14} aria-hidden />
              {source.uploaded ? "Upload another file" : "Choose a file…"}
            </button>
            {source.uploaded && reading === null && (
              <span className="send-ok" data-testid={`${id}-uploaded`}>
                <CircleCheck size={15} aria-hidden />
                {source.uploaded.fileName} ({source.uploaded.contentType}, {fileSize(source.uploaded.sizeBytes)}) uploaded: media ID <code>{source.uploaded.mediaId}</code>
              </span>
            )}
          </div>
          {reading && <LoadingLine>Uploading {reading} to the number&apos;s media…</LoadingLine>}
          {upload.isError && <UploadRefusal error={upload.error} />}
          {readError && <ErrorCard error={readError} />}
          <p className="field__hint">The file goes to Meta first (POST /{"{phone-number-id}"}/media) and the message carries its ID, valid 30 days: Meta never has to fetch a link.</p>
          <FindingList findings={shown} label="Problems with the file" />
        </div>
      ) : (
        <div className="stack" style={{ gap: "var(--space-2)" }}>
          <TextField id={`${id}-link`} label="Public HTTPS link" value={source.link} onChange={(link) => onChange({ ...source, link })} onBlur={check} findings={shown} mono placeholder="https://example.com/photo.jpg" testId={`${id}-link`} hint="Checked when you leave the field: HTTPS, no shortener, reachable without a login, a type and size Meta accepts." />
          {checkLink.isFetching && <LoadingLine>Fetching the link as Meta would…</LoadingLine>}
          {checkLink.isError && <ErrorCard error={checkLink.error} />}
          {checked && <LinkCheckResult check={checked} shown={shown} />}
        </div>
      )}
    </div>
  );
}

/** The kind's types and size limit as Meta states them (from the backend's table in AppInfo), before any file is picked. */
function MediaLimitsNote({ kind }: { kind: MediaKind }) {
  const limits = useAppInfo().data?.mediaLimits.find((l) => l.kind === kind);
  if (!limits) return null;
  return (
    <p className="field__hint" data-testid="media-limits">
      {limits.note}
    </p>
  );
}

export function MediaForm({ profileId, draft, change, findings }: FormProps) {
  const m = draft.media;
  const set = (edit: Partial<typeof m>) => change((d) => ({ ...d, media: { ...d.media, ...edit } }));
  const takesCaption = m.kind === "image" || m.kind === "video" || m.kind === "document";
  return (
    <div className="stack">
      <div className="segmented" role="radiogroup" aria-label="Kind of media">
        {KINDS.map(({ kind, label }) => (
          // A file uploaded as one kind was checked for that kind: a new kind needs it again.
          <button key={kind} type="button" role="radio" aria-checked={m.kind === kind} className="segmented__option" onClick={() => set({ kind, source: m.kind === kind ? m.source : { ...m.source, uploaded: null } })} data-testid={`media-kind-${kind}`}>
            {label}
          </button>
        ))}
      </div>
      <MediaLimitsNote kind={m.kind} />
      <MediaSourceField id="send-media" profileId={profileId} kind={m.kind} source={m.source} onChange={(source) => set({ source })} findings={findingsAt(findings, "/source")} />
      {m.kind === "document" && (
        <TextField id="send-media-filename" label="File name the recipient sees" optional value={m.filename} onChange={(filename) => set({ filename })} findings={findingsAt(findings, "/filename")} placeholder="invoice.pdf" />
      )}
      {takesCaption && <TextField id="send-media-caption" label="Caption" optional multiline value={m.caption} onChange={(caption) => set({ caption })} max={COUNTER_MAX.caption} findings={findingsAt(findings, "/caption")} />}
    </div>
  );
}
