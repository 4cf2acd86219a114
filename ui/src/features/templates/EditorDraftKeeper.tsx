// Keeps a new template's text as a draft so it is never lost: saved a moment after the admin stops typing, at once when
// the page is left (or the window hidden or closed) with unsaved changes, one save at a time (the first one makes the
// draft; later ones update it). Each save is written into the kept drafts' cache, so the list and a continued draft show
// the newest text. A submit or a discard first waits for the save under way (`flush`), so it names the draft that save
// made; nothing is saved once it has finished. The status line says where the text stands.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { CommandError } from "../../bindings/CommandError";
import type { TemplateDraftInfo } from "../../bindings/TemplateDraftInfo";
import { ipc, toCommandError } from "../../ipc";
import { templateKeys } from "./queries";

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
  /** While the template is being submitted: the submit carries the text, so it is not saved as typed (but it still is
   *  when the page is left, in case the submit fails). */
  paused: boolean;
  /** Called once, when a new draft is first kept. */
  onKept?: (draftId: string) => void;
}

/** The kept drafts' cache with this draft in it (its new text, or added first), when the cache holds the list. */
function withDraft(drafts: TemplateDraftInfo[] | undefined, kept: TemplateDraftInfo): TemplateDraftInfo[] | undefined {
  if (!drafts) return drafts;
  return drafts.some((d) => d.id === kept.id) ? drafts.map((d) => (d.id === kept.id ? kept : d)) : [kept, ...drafts];
}

export function useDraftKeeper({ enabled, profileId, text, draftId: initialDraftId, savedAt, initialText, paused, onKept }: Options) {
  const queryClient = useQueryClient();
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

  /** Queues a save of the latest text; `evenIfPaused` when the page is being left (the submit may still fail). */
  const save = useCallback(
    (evenIfPaused: boolean) => {
      queue.current = queue.current.then(async () => {
        const text = latest.current;
        if (!enabled || finished.current || (pausedRef.current && !evenIfPaused) || text === saved.current) return;
        if (mounted.current) setStatus({ kind: "saving" });
        try {
          const first = draftId.current === null;
          const kept = await ipc.saveTemplateDraft({ profileId, draftId: draftId.current, text });
          draftId.current = kept.id;
          saved.current = text;
          queryClient.setQueryData<TemplateDraftInfo[]>(templateKeys.drafts(profileId), (drafts) => withDraft(drafts, kept));
          if (!mounted.current) return;
          setStatus({ kind: "saved", at: kept.updatedAt });
          if (first) onKeptRef.current?.(kept.id);
        } catch (error) {
          if (mounted.current) setStatus({ kind: "failed", error: toCommandError(error) });
        }
      });
    },
    [enabled, profileId, queryClient],
  );
  const saveNow = useCallback(() => save(false), [save]);

  // A moment after the last change (and again once a submit that failed gives the text back).
  useEffect(() => {
    if (!enabled || paused || text === saved.current) return;
    const timer = setTimeout(saveNow, SAVE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [enabled, paused, text, saveNow]);

  // The window hidden or closed: the pending save is made now, not after the pause.
  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === "hidden") save(true);
    };
    const onPageHide = () => save(true);
    window.addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onHidden);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onHidden);
    };
  }, [save]);

  // Leaving the page: whatever is not saved yet is saved now, unless the template was submitted or the draft discarded.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      save(true);
    };
  }, [save]);

  return {
    status,
    saveNow,
    /** Waits for the saves under way (after saving the latest text too, with `saveLatest`, as a submit does); the kept
     *  draft's id then (`null` when none was ever kept). */
    flush: async (saveLatest = false): Promise<string | null> => {
      if (saveLatest) save(true);
      let settled: Promise<void>;
      do {
        settled = queue.current;
        await settled;
      } while (settled !== queue.current);
      return draftId.current;
    },
    /** Submitted or discarded (or about to be): nothing more to keep. */
    finish: () => {
      finished.current = true;
    },
    /** The discard failed: the draft is kept again. */
    resume: () => {
      finished.current = false;
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
