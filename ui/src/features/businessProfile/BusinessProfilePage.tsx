// Business profile page: the active profile's number as customers meet it in WhatsApp, read fresh from Meta
// (`get_profile_page`): the profile's fields, the photo, the display name and its review, and the conversational
// components, each part checked by the backend as it is typed, with a live preview beside the cards. Unsaved profile
// fields are kept per profile until saved or discarded; only the fields typed are edits, the rest follow the newest read.
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
import { NO_AUTOMATION, afterSave, editedProfile, formOf, formOfDraft, keepDraft, loadDraft, sameAutomation, type ProfileDraft } from "./draft";
import { PhotoCard, type PickedPhoto } from "./PhotoCard";
import { ProfileCard } from "./ProfileCard";
import { ProfilePreview } from "./ProfilePreview";
import { useDraftCheck, useProfilePage, useSaveProfile } from "./queries";
import "./businessProfile.css";

/** The components as edited, and the ones read when they were (an edit only while they differ). */
interface AutomationDraft {
  base: ConversationalAutomation;
  typed: ConversationalAutomation;
}

function Workspace({ page }: { page: ProfilePage }) {
  const { profileId } = page;
  // Null: nothing typed, the fields show the profile as read. Typed fields go over the newest read; the others follow it.
  const [draft, setDraft] = useState<ProfileDraft | null>(() => loadDraft(profileId, page.profile));
  useEffect(() => keepDraft(profileId, draft), [profileId, draft]);
  const form = draft ? formOfDraft(draft, page.profile) : formOf(page.profile);
  const check = useDraftCheck(draft ? { current: page.profile, edited: editedProfile(page.profile, form) } : null);
  const save = useSaveProfile(profileId);
  const [saved, setSaved] = useState(false);

  const readAutomation = page.automation ?? NO_AUTOMATION;
  // Null: the components as read. One left as it was read follows the newest read (a "Read again", a save elsewhere).
  const [automationDraft, setAutomationDraft] = useState<AutomationDraft | null>(null);
  const automation = automationDraft && !sameAutomation(automationDraft.typed, automationDraft.base) ? automationDraft.typed : readAutomation;
  const [picked, setPicked] = useState<PickedPhoto | null>(null);
  const onPicked = useCallback((photo: PickedPhoto | null) => setPicked(photo), []);

  function discard() {
    setDraft(null);
    save.reset();
  }

  function saveProfile(report: ProfileDraftReport) {
    setSaved(false);
    const sent = form;
    save.mutate(report.changes, {
      // What was typed while the save ran stays, over the profile read back.
      onSuccess: (savedProfile) => {
        setDraft((d) => (d ? afterSave(d, sent, savedProfile) : null));
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
            setDraft((d) => ({ base: formOf(page.profile), typed: edit(d ? formOfDraft(d, page.profile) : formOf(page.profile)) }));
          }}
          report={check.answer}
          current={check.current}
          checkError={check.query.isError && !check.query.isFetching ? check.query.error : null}
          edited={draft !== null}
          onDiscard={discard}
          onSave={saveProfile}
          saving={save.isPending}
          saveError={save.error}
          saved={saved}
        />
        <PhotoCard page={page} picked={picked} onPicked={onPicked} />
        <DisplayNameCard page={page} />
        <AutomationCard
          page={page}
          automation={automation}
          onChange={(edit) =>
            setAutomationDraft((d) => ({ base: readAutomation, typed: edit(d && !sameAutomation(d.typed, d.base) ? d.typed : readAutomation) }))
          }
          // Saved as sent: the card shows the components as Meta read them back; edits made during the save stay.
          onSaved={(sent) => setAutomationDraft((d) => (d && sameAutomation(d.typed, sent) ? null : d))}
        />
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
