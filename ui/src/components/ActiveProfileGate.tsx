// Pages that work on "the active profile" render through this: it handles loading, failure and "no profile yet".
import { Users } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Profile } from "../bindings/Profile";
import { useActiveProfile } from "../lib/queries";
import { EmptyState } from "./EmptyState";
import { ErrorCard } from "./ErrorCard";
import { LoadingLine } from "./Loading";

export function ActiveProfileGate({ children }: { children: (profile: Profile) => ReactNode }) {
  const { query, profile } = useActiveProfile();
  if (query.isPending) return <LoadingLine>Loading profiles…</LoadingLine>;
  if (query.isError) return <ErrorCard error={query.error} onRetry={() => void query.refetch()} />;
  if (!profile) {
    return (
      <div className="card">
        <EmptyState
          icon={Users}
          title="No profile selected"
          action={
            <Link className="btn btn--primary" to="/profiles">
              Open Profiles
            </Link>
          }
        >
          A profile holds the IDs of one WhatsApp Business Account setup. Choose one in the top bar, or add one.
        </EmptyState>
      </div>
    );
  }
  return children(profile);
}
