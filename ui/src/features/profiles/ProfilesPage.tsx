// Profiles page: every WhatsApp Business Account setup the console knows, which one is active, sandbox scenarios, and adding more.
import { Users } from "lucide-react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { Skeleton } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { useAppInfo, useProfiles } from "../../lib/queries";
import { AddProfileDialog } from "./AddProfileDialog";
import { ProfilesTable } from "./ProfilesTable";
import { ScenarioCard } from "./ScenarioCard";
import "./profiles.css";

export function ProfilesPage() {
  const profiles = useProfiles();
  const appInfo = useAppInfo();
  const addButton = appInfo.data ? <AddProfileDialog appInfo={appInfo.data} /> : null;

  return (
    <>
      <PageHeader
        title="Profiles"
        description="A profile is one WhatsApp Business Account setup: its IDs, the Graph API version and where requests go. Each profile's token is kept in the OS keychain."
        actions={addButton}
      />
      <div className="stack" style={{ gap: "var(--space-6)" }}>
        {appInfo.isError && <ErrorCard error={appInfo.error} onRetry={() => void appInfo.refetch()} />}
        {profiles.isPending && (
          <div className="card card__body stack" aria-busy>
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={20} />
            ))}
          </div>
        )}
        {profiles.isError && <ErrorCard error={profiles.error} onRetry={() => void profiles.refetch()} />}
        {profiles.data?.profiles.length === 0 && (
          <div className="card">
            <EmptyState icon={Users} title="No profiles yet">
              Use “Add profile” to enter the IDs of your Meta app, WhatsApp Business Account and phone number.
            </EmptyState>
          </div>
        )}
        {profiles.data && profiles.data.profiles.length > 0 && (
          <>
            <ProfilesTable list={profiles.data} appInfo={appInfo.data} />
            {profiles.data.profiles
              .filter((p) => p.kind === "sandbox")
              .map((p) => (
                <ScenarioCard key={p.id} profile={p} />
              ))}
          </>
        )}
      </div>
    </>
  );
}
