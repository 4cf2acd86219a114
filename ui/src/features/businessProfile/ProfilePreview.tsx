// The Business profile page's preview, beside the cards: what a customer sees in WhatsApp, following what is typed. The
// chat header (the photo in its circle; the display name once approved, the phone number until then, as WhatsApp shows
// it), the profile card, and the first screen of a new chat with the ice breakers and the welcome-message note.
import { AtSign, Briefcase, Globe, MapPin } from "lucide-react";
import type { ReactNode } from "react";
import type { ConversationalAutomation } from "../../bindings/ConversationalAutomation";
import type { ProfilePage } from "../../bindings/ProfilePage";
import type { ProfileForm } from "./draft";
import { RoundPhoto } from "./PhotoCard";

interface Props {
  page: ProfilePage;
  form: ProfileForm;
  automation: ConversationalAutomation;
  /** The picked photo being previewed (a data: URL), else the current one shows. */
  pickedPhotoUrl: string | null;
}

function Line({ icon: Icon, children, testId }: { icon: typeof Globe; children: ReactNode; testId: string }) {
  return (
    <li className="bp-phone__line" data-testid={testId}>
      <Icon size={14} aria-hidden />
      <span>{children}</span>
    </li>
  );
}

export function ProfilePreview({ page, form, automation, pickedPhotoUrl }: Props) {
  const { displayName, rules } = page;
  const photo = pickedPhotoUrl ?? page.photoDataUrl;
  const number = page.displayPhoneNumber ?? page.phoneNumberId;
  const shownName = displayName.approved && displayName.verifiedName ? displayName.verifiedName : number;
  const vertical = rules.verticals.find((v) => v.value === form.vertical)?.label;
  const websites = form.websites.map((w) => w.trim()).filter(Boolean);
  const prompts = automation.prompts.map((p) => p.trim()).filter(Boolean);
  const photoAlt = pickedPhotoUrl ? "The picked photo" : "The profile photo";

  return (
    <aside className="stack bp-side" aria-label="Preview" data-testid="profile-preview">
      <h2 className="column-heading">What customers see</h2>
      <figure className="bp-phone">
        <header className="bp-phone__header" data-testid="preview-header">
          <RoundPhoto src={photo} size={32} alt={photoAlt} testId="preview-photo" />
          <span className="bp-phone__title">
            <span className="bp-phone__name" data-testid="preview-name">
              {shownName}
            </span>
            {!displayName.approved && <span className="bp-phone__sub">Name not approved: the number shows instead</span>}
          </span>
        </header>
        <div className="bp-phone__chat">
          <div className="bp-phone__card" data-testid="preview-profile-card">
            <RoundPhoto src={photo} size={72} alt={photoAlt} />
            <p className="bp-phone__card-name">{shownName}</p>
            {displayName.approved && <p className="bp-phone__card-sub">{number}</p>}
            <p className="bp-phone__about" data-testid="preview-about">
              {form.about.trim() || <span className="bp-phone__empty">No about text</span>}
            </p>
            {form.description.trim() && (
              <p className="bp-phone__description" data-testid="preview-description">
                {form.description}
              </p>
            )}
            <ul className="bp-phone__lines">
              {vertical && (
                <Line icon={Briefcase} testId="preview-vertical">
                  {vertical}
                </Line>
              )}
              {form.address.trim() && (
                <Line icon={MapPin} testId="preview-address">
                  {form.address}
                </Line>
              )}
              {form.email.trim() && (
                <Line icon={AtSign} testId="preview-email">
                  {form.email}
                </Line>
              )}
              {websites.map((site) => (
                <Line key={site} icon={Globe} testId="preview-website">
                  {site}
                </Line>
              ))}
            </ul>
          </div>
          <div className="bp-phone__first" data-testid="preview-first-screen">
            {automation.enableWelcomeMessage && (
              <p className="bp-phone__note" data-testid="preview-welcome">
                Welcome message on: your app hears of a new chat and can greet the customer first.
              </p>
            )}
            {prompts.length > 0 ? (
              <ul className="bp-phone__prompts" aria-label="Ice breakers">
                {prompts.map((prompt, i) => (
                  <li key={`${i}-${prompt}`}>
                    <span className="bp-phone__prompt" data-testid="preview-prompt">
                      {prompt}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="bp-phone__empty">No ice breakers: a new chat opens empty.</p>
            )}
          </div>
        </div>
      </figure>
    </aside>
  );
}
