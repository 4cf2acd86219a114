// The table of profiles: IDs, API version health and endpoint (Meta Graph, sandbox or a base URL), with "Use this profile" and remove (real profiles only).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Trash2 } from "lucide-react";
import type { AppInfo } from "../../bindings/AppInfo";
import type { Profile } from "../../bindings/Profile";
import type { ProfileList } from "../../bindings/ProfileList";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorCard } from "../../components/ErrorCard";
import { ProfileKindChip } from "../../components/ProfileKindChip";
import { Chip } from "../../components/StatusChip";
import { ipc } from "../../ipc";
import { queryKeys, useSetActiveProfile } from "../../lib/queries";
import { describeVersion, VERSION_STATUS } from "../../lib/versionStatus";

function ApiVersion({ profile, appInfo }: { profile: Profile; appInfo: AppInfo | undefined }) {
  const status = describeVersion(profile.apiVersion, appInfo?.apiVersions ?? []).status;
  return (
    <span className="row">
      <span className="mono">{profile.apiVersion}</span>
      {appInfo && status !== "current" && <Chip tone={VERSION_STATUS[status].tone}>{VERSION_STATUS[status].label}</Chip>}
    </span>
  );
}

function Endpoint({ profile }: { profile: Profile }) {
  if (profile.kind === "sandbox") return <span className="muted">Built-in sandbox</span>;
  if (!profile.baseUrl) return <span className="muted">Meta Graph</span>;
  return <span className="mono" title={profile.baseUrl}>{profile.baseUrl}</span>;
}

export function ProfilesTable({ list, appInfo }: { list: ProfileList; appInfo: AppInfo | undefined }) {
  const queryClient = useQueryClient();
  const setActive = useSetActiveProfile();
  const remove = useMutation({
    mutationFn: ipc.removeProfile,
    onSuccess: (_, profileId) => {
      queryClient.removeQueries({ queryKey: queryKeys.checklist(profileId) });
      return queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
    },
  });
  const error = setActive.error ?? remove.error;

  return (
    <div className="stack">
      {error && <ErrorCard error={error} />}
      <div className="card table-wrap">
        <table className="table profiles-table">
          <thead>
            <tr>
              <th scope="col">Profile</th>
              <th scope="col">App ID</th>
              <th scope="col">WABA ID</th>
              <th scope="col">Phone-number ID</th>
              <th scope="col">Graph API</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.profiles.map((profile) => {
              const active = profile.id === list.activeId;
              return (
                <tr key={profile.id} className={active ? "is-active" : undefined} data-testid={`profile-row-${profile.id}`}>
                  <td>
                    <div className="profiles-table__name">
                      <strong>{profile.name}</strong>
                      <ProfileKindChip profile={profile} />
                    </div>
                  </td>
                  <td className="mono">{profile.appId}</td>
                  <td className="mono">{profile.wabaId}</td>
                  <td className="mono">{profile.phoneNumberId}</td>
                  <td>
                    <div className="profiles-table__api">
                      <ApiVersion profile={profile} appInfo={appInfo} />
                      <Endpoint profile={profile} />
                    </div>
                  </td>
                  <td>
                    <div className="profiles-table__actions">
                      {active ? (
                        <Chip tone="accent" icon={CheckCircle2}>
                          Active
                        </Chip>
                      ) : (
                        <button
                          type="button"
                          className="btn btn--sm"
                          disabled={setActive.isPending}
                          onClick={() => setActive.mutate(profile.id)}
                        >
                          Use this profile
                        </button>
                      )}
                      {profile.kind === "real" && (
                        <ConfirmDialog
                          title={`Remove “${profile.name}”?`}
                          description="WABA Console forgets this profile and its stored token. Nothing changes at Meta: the app, account and number stay as they are."
                          confirmLabel="Remove profile"
                          onConfirm={() => remove.mutate(profile.id)}
                        >
                          <button
                            type="button"
                            className="btn btn--ghost btn--sm btn--ghost-danger"
                            aria-label={`Remove ${profile.name}`}
                            title={`Remove ${profile.name}`}
                            disabled={remove.isPending}
                          >
                            <Trash2 size={15} aria-hidden />
                          </button>
                        </ConfirmDialog>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
