// Part 2 of the Business profile page, the profile photo: the current one, a JPEG or PNG picked from this computer and
// checked by the backend (format from the bytes, size, dimensions; an error blocks the upload), shown in the round crop
// WhatsApp applies, then uploaded (Resumable Upload, then the handle set on the profile) and followed to its end.
import { CircleCheck, ImageUp, Upload } from "lucide-react";
import { useEffect, useState, type ChangeEvent } from "react";
import type { CommandError } from "../../bindings/CommandError";
import type { PhotoCheck } from "../../bindings/PhotoCheck";
import type { PhotoUploadProgress } from "../../bindings/PhotoUploadProgress";
import type { PhotoUploadState } from "../../bindings/PhotoUploadState";
import type { ProfilePage } from "../../bindings/ProfilePage";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Spinner } from "../../components/Loading";
import { toCommandError } from "../../ipc";
import { fileSize } from "../send/MediaForm";
import { Findings } from "./fields";
import { useCheckPhoto, usePhotoUpload } from "./queries";

/** A file picked and read: its name, its bytes as base64 and as a data: URL (the window's CSP allows data: images). */
export interface PickedPhoto {
  fileName: string;
  dataBase64: string;
  dataUrl: string;
}

const STATE_WORDS: Record<PhotoUploadState, string> = {
  uploading: "Uploading",
  setting: "Setting the photo",
  done: "Done",
  failed: "Failed",
};

function readPhoto(file: File): Promise<PickedPhoto> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = typeof reader.result === "string" ? reader.result : "";
      resolve({ fileName: file.name, dataUrl, dataBase64: dataUrl.slice(dataUrl.indexOf(",") + 1) });
    };
    reader.onerror = () => reject(new Error(`${file.name} could not be read: ${reader.error?.message ?? "unknown error"}. Pick it again.`));
    reader.readAsDataURL(file);
  });
}

/** A photo in WhatsApp's round crop; a placeholder when there is none. */
export function RoundPhoto({ src, size, alt, testId }: { src: string | null; size: number; alt: string; testId?: string }) {
  return (
    <span className="bp-round" style={{ width: size, height: size }}>
      {src ? <img src={src} alt={alt} data-testid={testId} /> : <ImageUp size={size / 2.5} aria-label="No photo" />}
    </span>
  );
}

function CheckFacts({ check }: { check: PhotoCheck }) {
  const facts = [check.format?.toUpperCase() ?? "Unknown format", check.width !== null && check.height !== null ? `${check.width} × ${check.height} px` : null, fileSize(check.sizeBytes)];
  return (
    <div className="stack bp-photo-check" data-testid="photo-check" data-blocked={check.errors.length > 0}>
      <p className="mono muted">{facts.filter(Boolean).join(" · ")}</p>
      {check.errors.length === 0 && check.warnings.length === 0 && (
        <p className="bp-ok">
          <CircleCheck size={15} aria-hidden />
          WhatsApp takes this photo.
        </p>
      )}
      <Findings id="photo-check-findings" errors={check.errors} warnings={check.warnings} />
    </div>
  );
}

function UploadProgress({ progress }: { progress: PhotoUploadProgress }) {
  const percent = progress.totalBytes ? Math.round((progress.sentBytes / progress.totalBytes) * 100) : 0;
  return (
    <div className="stack bp-upload" style={{ gap: "var(--space-2)" }}>
      <p className="row" role="status" data-testid="photo-upload-state" data-state={progress.state}>
        {(progress.state === "uploading" || progress.state === "setting") && <Spinner />}
        <strong>{STATE_WORDS[progress.state]}</strong>
        <span className="muted">
          {fileSize(progress.sentBytes)} of {fileSize(progress.totalBytes)}
        </span>
      </p>
      <div className="progress" role="progressbar" aria-label="Photo upload" aria-valuemin={0} aria-valuemax={progress.totalBytes} aria-valuenow={progress.sentBytes}>
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
      {progress.state === "failed" && (
        <>
          {progress.error && <ErrorCard error={progress.error} />}
          <p className="muted" data-testid="photo-upload-kept">
            The old photo is still in place. Fix what the card says, then upload again.
          </p>
        </>
      )}
      {progress.state === "done" && <p className="muted">The new photo is on the profile; customers see it the next time they open it.</p>}
    </div>
  );
}

interface Props {
  page: ProfilePage;
  picked: PickedPhoto | null;
  onPicked: (picked: PickedPhoto | null) => void;
}

export function PhotoCard({ page, picked, onPicked }: Props) {
  const check = useCheckPhoto();
  const { start, latest } = usePhotoUpload(page.profileId);
  const [readError, setReadError] = useState<CommandError | null>(null);
  const running = start.isPending || latest?.state === "uploading" || latest?.state === "setting";
  const { rules } = page;

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    setReadError(null);
    check.reset();
    start.reset();
    try {
      const photo = await readPhoto(file);
      onPicked(photo);
      check.mutate({ fileName: photo.fileName, dataBase64: photo.dataBase64 });
    } catch (error) {
      onPicked(null);
      setReadError(toCommandError(error));
    }
  }

  function upload() {
    if (!picked) return;
    start.mutate({ profileId: page.profileId, fileName: picked.fileName, dataBase64: picked.dataBase64 });
  }

  // Once the new photo is on the profile, the previews show it as Meta serves it.
  const done = latest?.state === "done";
  useEffect(() => {
    if (done) onPicked(null);
  }, [done, onPicked]);

  const blocked = !picked || !check.data || check.data.errors.length > 0 || check.isPending || running;
  return (
    <section className="card" aria-labelledby="bp-photo-title" data-testid="photo-card">
      <header className="card__header">
        <h2 className="card__title" id="bp-photo-title">
          Profile photo
        </h2>
      </header>
      <div className="card__body stack">
        <div className="bp-photo-row">
          <figure className="bp-photo">
            <RoundPhoto src={page.photoDataUrl} size={96} alt="The current profile photo" testId="current-photo" />
            <figcaption className="muted">{page.profile.profilePictureUrl ? "Now" : "No photo yet"}</figcaption>
          </figure>
          {picked && (
            <figure className="bp-photo" data-testid="photo-crop-preview">
              <RoundPhoto src={picked.dataUrl} size={96} alt={`${picked.fileName} in WhatsApp's round crop`} />
              <figcaption className="muted">{picked.fileName}, as WhatsApp crops it</figcaption>
            </figure>
          )}
        </div>
        {page.photoProblem && (
          <p className="muted" role="status" data-testid="photo-problem">
            {page.photoProblem}
          </p>
        )}
        <div className="field">
          <label className="field__label" htmlFor="photo-file">
            Pick a new photo
          </label>
          <input
            id="photo-file"
            className="bp-file"
            type="file"
            accept="image/jpeg,image/png"
            onChange={(e) => void pick(e)}
            disabled={running}
            aria-describedby="photo-file-hint"
            data-testid="photo-file-input"
          />
          <p className="field__hint" id="photo-file-hint">
            JPEG or PNG, at least {rules.photoMinEdge} × {rules.photoMinEdge} px ({rules.photoRecommendedEdge} × {rules.photoRecommendedEdge} looks best), up to{" "}
            {fileSize(rules.photoMaxBytes)}. WhatsApp shows it in a circle: keep the logo in the middle.
          </p>
        </div>
        {readError && <ErrorCard error={readError} />}
        {check.isPending && <LoadingLine>Checking the photo…</LoadingLine>}
        {check.error && <ErrorCard error={check.error} />}
        {picked && check.data && <CheckFacts check={check.data} />}
        {start.error && (
          <>
            <ErrorCard error={start.error} />
            <p className="muted">The old photo is still in place.</p>
          </>
        )}
        {latest && <UploadProgress progress={latest} />}
      </div>
      <div className="card__footer">
        <button type="button" className="btn btn--primary" disabled={blocked} onClick={upload} data-testid="photo-upload-button">
          {running ? <Spinner /> : <Upload size={15} aria-hidden />}
          Upload photo
        </button>
        {!picked && <span className="muted">Pick a photo first.</span>}
        {picked && check.data && check.data.errors.length > 0 && <span className="muted">This photo cannot be used: see why above.</span>}
      </div>
    </section>
  );
}
