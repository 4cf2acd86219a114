// The top-bar profile picker: switching makes the chosen profile active in the backend, then refreshes what depends on it.
import { useActiveProfile, useSetActiveProfile } from "../lib/queries";
import { ProfileKindChip } from "./ProfileKindChip";
import { Select } from "./Select";
import { Skeleton } from "./Loading";

export function ProfileSwitcher() {
  const { query, profile } = useActiveProfile();
  const setActive = useSetActiveProfile();
  if (query.isPending) return <Skeleton width={300} height={36} />;
  const profiles = query.data?.profiles ?? [];
  return (
    <Select
      className="profile-switcher"
      aria-label="Active profile"
      data-testid="profile-switcher"
      placeholder={profiles.length ? "Choose a profile" : "No profiles yet"}
      disabled={!profiles.length || setActive.isPending}
      value={profile?.id}
      valueDisplay={
        profile && (
          <span className="profile-switcher__value">
            <strong>{profile.name}</strong>
            <ProfileKindChip profile={profile} />
          </span>
        )
      }
      onValueChange={(id) => setActive.mutate(id)}
      options={profiles.map((p) => ({ value: p.id, label: p.name, adornment: <ProfileKindChip profile={p} /> }))}
    />
  );
}
