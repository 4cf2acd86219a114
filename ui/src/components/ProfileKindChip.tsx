// Says whether a profile talks to the built-in sandbox (and which scenario it plays) or to Meta.
import { FlaskConical, Radio } from "lucide-react";
import type { Profile } from "../bindings/Profile";
import { Chip } from "./StatusChip";

export function ProfileKindChip({ profile }: { profile: Pick<Profile, "kind" | "scenario"> }) {
  if (profile.kind === "sandbox") {
    return (
      <Chip tone="info" icon={FlaskConical}>
        Sandbox{profile.scenario ? ` · ${profile.scenario}` : ""}
      </Chip>
    );
  }
  return (
    <Chip tone="accent" icon={Radio}>
      Live
    </Chip>
  );
}
