// Keeps a new template's text as a draft so it is never lost: saved a moment after the admin stops typing, at once when
// the page is left with unsaved changes, one save at a time (the first one makes the draft; later ones update it). Stops
// once the template is submitted or the draft discarded. The status line says where the text stands.
import { useCallback, useEffect, useRef, useState } from "react";
import type { CommandError } from "../../bindings/CommandError";
import { ipc, toCommandError } from "../../ipc";

/** Long enough not to save on every keystroke, short enough that little is at risk. */
const SAVE_DEBOUNCE_MS = 800;

export type DraftStatus = { kind: "unsaved" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "failed"; error: CommandError };

interface Options {
  enabled: boolean;
  profileId: string;
  text: string;
  /** The kept draft being continued, if any, and when it was last saved. */
  draftId: string | null;
  savedAt: string | null;
  /** The text as opened: nothing to save until it changes. */
  initialText: string;
  /** While the template is being submitted: the submit carries the text. */
  paused: boolean;
  /** Called once, when a new draft is first kept. */
  onKept?: (draftId: string) => void;
}

export function useDraftKeeper({ enabled, profileId, text, draftId: initialDraftId, savedAt, initialText, paused, onKept }: Options) {
  const [status, setStatus] = useState<DraftStatus>(savedAt ? { kind: "saved", at: savedAt } : { kind: "unsaved" });
  const latest = useRef(text);
  const saved = useRef(initialText);
  const draftId = useRef(initialDraftId);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const finished = useRef(false);
  const mounted = useRef(true);
  const pausedRef = useRef(paused);
  const onKeptRef = useRef(onKept);

  useEffect(() => {
    latest.current = text;
    pausedRef.current = paused;
    onKeptRef.current = onKept;
  });

  const saveNow = useCallback(() => {
    queue.current = queue.current.then(async () => {
      const text = latest.current;
      if (!enabled || finished.current || pausedRef.current || text === saved.current) return;
      if (mounted.current) setStatus({ kind: "saving" });
      try {
        const first = draftId.current === null;
        const kept = await ipc.saveTemplateDraft({ profileId, draftId: draftId.current, text });
        draftId.current = kept.id;
        saved.current = text;
        if (!mounted.current) return;
        setStatus({ kind: "saved", at: kept.updatedAt });
        if (first) onKeptRef.current?.(kept.id);
      } catch (error) {
        if (mounted.current) setStatus({ kind: "failed", error: toCommandError(error) });
      }
    });
  }, [enabled, profileId]);

  // A moment after the last change (and again once a submit that failed gives the text back).
  useEffect(() => {
    if (!enabled || paused || text === saved.current) return;
    const timer = setTimeout(saveNow, SAVE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [enabled, paused, text, saveNow]);

  // Leaving the page: whatever is not saved yet is saved now.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      saveNow();
    };
  }, [saveNow]);

  return {
    status,
    saveNow,
    /** The kept draft's id, once there is one. */
    draftId: () => draftId.current,
    /** Submitted or discarded: nothing more to keep. */
    finish: () => {
      finished.current = true;
    },
  };
}

const clock = (at: string) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function EditorDraftStatus({ status, onRetry }: { status: DraftStatus; onRetry: () => void }) {
  return (
    <span className={`editor-draft editor-draft--${status.kind}`} data-testid="draft-status" data-state={status.kind} role="status" aria-live="polite">
      {status.kind === "unsaved" && "Not saved yet: the draft is kept as soon as you change something."}
      {status.kind === "saving" && "Saving…"}
      {status.kind === "saved" && `Draft saved ${clock(status.at)}`}
      {status.kind === "failed" && (
        <>
          {`Not saved: ${status.error.message} Your text is still here.`}{" "}
          <button type="button" className="btn btn--sm" onClick={onRetry}>
            Try again
          </button>
        </>
      )}
    </span>
  );
}
