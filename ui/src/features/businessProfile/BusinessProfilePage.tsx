// Business profile page: the active profile's number as customers meet it in WhatsApp, read fresh from Meta
// (`get_profile_page`): the profile's fields, the photo, the display name and its review, and the conversational
// components, each part checked by the backend as it is typed, with a live preview beside the cards. Unsaved profile
// fields are kept per profile until saved or discarded.
import { RotateCw } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import type { ConversationalAutomation } from "../../bindings/ConversationalAutomation";
import type { Profile } from "../../bindings/Profile";
import type { ProfileDraftReport } from "../../bindings/ProfileDraftReport";
import type { ProfilePage } from "../../bindings/ProfilePage";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Spinner } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { formatDateTime } from "../../lib/format";
import { AutomationCard } from "./AutomationCard";
import { DisplayNameCard } from "./DisplayNameCard";
import { NO_AUTOMATION, editedProfile, formOf, keepForm, loadForm, type ProfileForm } from "./draft";
import { PhotoCard, type PickedPhoto } from "./PhotoCard";
import { ProfileCard } from "./ProfileCard";
import { ProfilePreview } from "./ProfilePreview";
import { useDraftCheck, useProfilePage, useSaveProfile } from "./queries";
import "./businessProfile.css";

function Workspace({ page }: { page: ProfilePage }) {
  const { profileId } = page;
  // Null: nothing typed, the fields show the profile as read.
  const [typed, setTyped] = useState<ProfileForm | null>(() => loadForm(profileId));
  useEffect(() => keepForm(profileId, typed), [profileId, typed]);
  const form = typed ?? formOf(page.profile);
  const draft = useDraftCheck(typed ? { current: page.profile, edited: editedProfile(page.profile, typed) } : null);
  const save = useSaveProfile(profileId);
  const [saved, setSaved] = useState(false);

  // Null: the components as read.
  const [automationTyped, setAutomationTyped] = useState<ConversationalAutomation | null>(null);
  const automation = automationTyped ?? page.automation ?? NO_AUTOMATION;
  const [picked, setPicked] = useState<PickedPhoto | null>(null);
  const onPicked = useCallback((photo: PickedPhoto | null) => setPicked(photo), []);

  function discard() {
    setTyped(null);
    save.reset();
  }

  function saveProfile(report: ProfileDraftReport) {
    setSaved(false);
    save.mutate(report.changes, {
      onSuccess: () => {
        setTyped(null);
        setSaved(true);
      },
    });
  }

  return (
    <div className="bp-columns">
      <div className="stack bp-main" style={{ gap: "var(--space-5)" }}>
        <ProfileCard
          page={page}
          form={form}
          onChange={(edit) => {
            setSaved(false);
            setTyped((t) => edit(t ?? formOf(page.profile)));
          }}
          report={draft.answer}
          current={draft.current}
          checkError={draft.query.isError && !draft.query.isFetching ? draft.query.error : null}
          edited={typed !== null}
          onDiscard={discard}
          onSave={saveProfile}
          saving={save.isPending}
          saveError={save.error}
          saved={saved}
        />
        <PhotoCard page={page} picked={picked} onPicked={onPicked} />
        <DisplayNameCard page={page} />
        <AutomationCard page={page} automation={automation} onChange={(edit) => setAutomationTyped((a) => edit(a ?? page.automation ?? NO_AUTOMATION))} />
      </div>
      <ProfilePreview page={page} form={form} automation={automation} pickedPhotoUrl={picked?.dataUrl ?? null} />
    </div>
  );
}

function BusinessProfileView({ profile }: { profile: Profile }) {
  const page = useProfilePage(profile.id);
  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="Business profile"
        description="How the number appears to customers in WhatsApp: the profile, its photo, the display name and the first screen of a chat. Every field is checked as you type; nothing is sent until you save."
        actions={
          <button type="button" className="btn" onClick={() => void page.refetch()} disabled={page.isFetching} data-testid="profile-refresh">
            {page.isFetching ? <Spinner /> : <RotateCw size={15} aria-hidden />}
            Read again
          </button>
        }
      />
      {page.isPending && <LoadingLine>Reading the business profile from Meta…</LoadingLine>}
      {page.isError && <ErrorCard error={page.error} onRetry={() => void page.refetch()} />}
      {page.data && (
        <>
          <p className="muted bp-read-at" data-testid="profile-read-at">
            Read from Meta at {formatDateTime(page.data.readAt)}
            {page.data.displayPhoneNumber ? `, for ${page.data.displayPhoneNumber}` : ""}.
          </p>
          <Workspace page={page.data} />
        </>
      )}
    </>
  );
}

export function BusinessProfilePage() {
  return <ActiveProfileGate>{(profile) => <BusinessProfileView key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
