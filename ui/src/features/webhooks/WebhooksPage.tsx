// Webhooks page: the app secret (1), the WABA's subscription and which callback Meta uses (2), a probe of a public
// callback URL (3), and the local receiver with its live event feed (4), for the active profile.
import type { Profile } from "../../bindings/Profile";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { PageHeader } from "../../components/PageHeader";
import { AppSecretCard } from "./AppSecretCard";
import { EventFeed } from "./EventFeed";
import { LocalReceiverCard } from "./LocalReceiverCard";
import { ProbeCard } from "./ProbeCard";
import { useAppSecretStored, useReceiverStatus } from "./queries";
import { SubscriptionCard } from "./SubscriptionCard";
import "./webhooks.css";

function ProfileWebhooks({ profile }: { profile: Profile }) {
  const appSecret = useAppSecretStored(profile.id);
  const receiver = useReceiverStatus();
  // Only a receiver running for this profile checks signatures with its app secret.
  const receiverUrl = receiver.data?.running && receiver.data.profileId === profile.id ? receiver.data.localUrl : null;
  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="Webhooks"
        description="How Meta's webhooks reach you: the app secret that signs them, the WABA's subscription to your app and the callback Meta uses, a probe of your callback URL, and a receiver on this machine with a live feed of what it got."
      />
      <div className="stack" style={{ gap: "var(--space-6)" }}>
        <AppSecretCard profile={profile} />
        <SubscriptionCard profile={profile} receiverUrl={receiverUrl} />
        <ProbeCard profile={profile} />
        <LocalReceiverCard profile={profile} appSecretStored={appSecret.data} />
        <EventFeed profile={profile} />
      </div>
    </>
  );
}

export function WebhooksPage() {
  return <ActiveProfileGate>{(profile) => <ProfileWebhooks key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
