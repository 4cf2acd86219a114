// Follows a template in Meta's review (PENDING, IN_APPEAL) from the detail panel: one Graph read at once, then on
// AppInfo.templateReviewPoll's backoff (no fixed interval, nothing after the give-up time), each read put in the cache
// so the list's row changes with it. It stops when the status leaves review or the panel closes.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Clock, TriangleAlert } from "lucide-react";
import { useEffect, useState } from "react";
import type { PollSchedule } from "../../bindings/PollSchedule";
import type { Profile } from "../../bindings/Profile";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import { Spinner } from "../../components/Loading";
import { ipc } from "../../ipc";
import { nextPollDelay } from "../../lib/poll";
import { templateKeys, useSyncTemplates } from "./queries";

/** The statuses in which Meta may still change its mind on its own. */
export const IN_REVIEW: readonly string[] = ["PENDING", "IN_APPEAL"];

/** "an hour", "2 hours", "30 min", "45 s". */
function durationLabel(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds >= 3600 && seconds % 3600 === 0) return seconds === 3600 ? "an hour" : `${seconds / 3600} hours`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function TemplateDetailReview({ profile, template, schedule }: { profile: Profile; template: TemplateInfo; schedule: PollSchedule }) {
  const [started] = useState(Date.now);
  const [now, setNow] = useState(Date.now);
  const queryClient = useQueryClient();
  const sync = useSyncTemplates(profile.id);
  // Not under templateKeys.all: invalidating the list must not send another Graph read.
  const queryKey = ["templateReview", profile.id, template.id, started] as const;
  const poll = useQuery({
    queryKey,
    queryFn: async () => {
      const fresh = await ipc.getTemplate({ profileId: profile.id, templateId: template.id, name: null, language: null });
      // The lists show the fresh status; drafts and edit limits are local and unchanged by a read.
      void queryClient.invalidateQueries({ queryKey: templateKeys.lists(profile.id) });
      return fresh;
    },
    gcTime: 0,
    staleTime: Infinity,
    refetchIntervalInBackground: true,
    refetchInterval: (query) => {
      const status = query.state.data?.[0]?.status.value;
      if (status !== undefined && !IN_REVIEW.includes(status)) return false;
      const { dataUpdateCount, errorUpdateCount, dataUpdatedAt, errorUpdatedAt } = query.state;
      return nextPollDelay(schedule, dataUpdateCount + errorUpdateCount, started, Math.max(dataUpdatedAt, errorUpdatedAt)) ?? false;
    },
  });

  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(tick);
  }, []);

  const state = queryClient.getQueryState(queryKey);
  const reads = (state?.dataUpdateCount ?? 0) + (state?.errorUpdateCount ?? 0);
  const lastAt = Math.max(poll.dataUpdatedAt, poll.errorUpdatedAt);
  const nextDelay = reads === 0 ? 0 : nextPollDelay(schedule, reads, started, lastAt);
  const gaveUp = reads > 0 && nextDelay === null;
  const readError = poll.isError && poll.errorUpdatedAt >= poll.dataUpdatedAt ? poll.error : null;
  const nextIn = nextDelay === null ? null : Math.max(0, Math.ceil((lastAt + nextDelay - now) / 1000));

  return (
    <div className={`templates-review${gaveUp ? " templates-review--gave-up" : ""}`} role="status" aria-live="polite" data-testid="template-review" data-reads={reads} data-state={gaveUp ? "gaveUp" : "following"}>
      {gaveUp ? (
        <p className="templates-review__line">
          <Clock size={16} aria-hidden />
          <span>
            Still in review after {durationLabel(schedule.giveUpAfterMs)}; Meta can take up to 24 hours. Sync now to check again.
          </span>
          <button type="button" className="btn btn--sm" onClick={() => sync.mutate()} disabled={sync.isPending}>
            {sync.isPending && <Spinner size={14} />}
            Sync now
          </button>
        </p>
      ) : (
        <p className="templates-review__line">
          <Spinner size={14} />
          <span>
            In review: checked {reads} {reads === 1 ? "time" : "times"}
            {poll.isFetching || nextIn === null ? ", checking now…" : `, next check in ${nextIn} s`}. The console reads Meta less and less often
            (at most every {durationLabel(schedule.maxMs)}) and stops after {durationLabel(schedule.giveUpAfterMs)}.
          </span>
        </p>
      )}
      {readError && (
        <p className="callout callout--warn templates-inline" data-testid="template-review-warning">
          <TriangleAlert size={16} aria-hidden />
          <span>
            Could not read the template just now ({readError.message}
            {readError.action ? ` ${readError.action}` : ""}). {gaveUp ? "Sync now to check again." : "The console tries again at the next check."}
          </span>
        </p>
      )}
      {sync.isError && (
        <p className="callout callout--warn templates-inline">
          <TriangleAlert size={16} aria-hidden />
          <span>
            The sync failed: {sync.error.message} {sync.error.action ?? ""}
          </span>
        </p>
      )}
    </div>
  );
}
