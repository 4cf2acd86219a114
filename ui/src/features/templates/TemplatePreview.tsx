// A template as its recipient sees it on the phone: header (text or a media placeholder), body, footer and buttons, with
// each variable highlighted and filled with its example value (or shown as written, marked, when it has none). Used by the
// detail view and beside the editor, so what the admin types is what the preview shows. It reads the components through
// draftText's defensive readers: a text being typed may hold fields of the wrong type, which show as absent.
import { Copy, ExternalLink, FileText, Image, MapPin, Phone, Reply, ShoppingBag, Video, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import type { TemplateButton } from "../../bindings/TemplateButton";
import type { TemplateComponent } from "../../bindings/TemplateComponent";
import { examplesOf, formatOf, shownButtons, textOf, unshownTypes, variableKey } from "./draftText";
import "./preview.css";

/** `{{1}}`, `{{first_name}}` and the malformed `{{ 1 }}`: anything between double braces. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** `text` with every placeholder as a highlighted span: its example value, or the placeholder itself when it has none or
 *  is malformed (anything but `{{digits}}` or `{{lowercase_name}}`, which the linter reports). */
export function withVariables(text: string, examples: Map<string, string>): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const at = match.index;
    if (at > last) parts.push(text.slice(last, at));
    const key = variableKey(match[1] ?? "");
    const value = key === null ? undefined : examples.get(key);
    parts.push(
      value === undefined ? (
        <mark
          key={at}
          className="tpl-var tpl-var--missing"
          title={key === null ? `${match[0]} is malformed: write {{1}} or {{first_name}} (see the finding)` : `${match[0]} has no example value`}
          data-testid="preview-variable"
          data-filled="false"
          data-malformed={key === null}
        >
          {match[0]}
        </mark>
      ) : (
        <mark key={at} className="tpl-var" title={`${match[0]}: example value`} data-testid="preview-variable" data-filled="true">
          {value}
        </mark>
      ),
    );
    last = at + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

const MEDIA: Record<string, { icon: LucideIcon; label: string }> = {
  IMAGE: { icon: Image, label: "Image" },
  VIDEO: { icon: Video, label: "Video" },
  DOCUMENT: { icon: FileText, label: "Document" },
  LOCATION: { icon: MapPin, label: "Location" },
  PRODUCT: { icon: ShoppingBag, label: "Product" },
};

function Header({ component }: { component: TemplateComponent }) {
  const format = formatOf(component);
  if (format === "TEXT") {
    return (
      <p className="tpl-bubble__header" dir="auto">
        {withVariables(textOf(component), examplesOf("header", component.example))}
      </p>
    );
  }
  const media = MEDIA[format] ?? { icon: FileText, label: format };
  const Icon = media.icon;
  return (
    <div className="tpl-bubble__media" data-testid="preview-media">
      <Icon size={28} aria-hidden />
      <span>{media.label} header</span>
    </div>
  );
}

const BUTTON_ICON: Record<string, LucideIcon> = { QUICK_REPLY: Reply, URL: ExternalLink, PHONE_NUMBER: Phone, COPY_CODE: Copy, VOICE_CALL: Phone };

function buttonLabel(button: TemplateButton): string {
  if (button.type === "COPY_CODE") return button.text || "Copy code";
  return button.text || button.type || "Button";
}

function Buttons({ buttons }: { buttons: TemplateButton[] }) {
  return (
    <div className="tpl-buttons" data-testid="preview-buttons">
      {buttons.map((button, i) => {
        const Icon = BUTTON_ICON[button.type] ?? Reply;
        const detail = button.url ?? button.phone_number;
        return (
          <div key={i} className="tpl-button" title={detail ?? undefined} data-type={button.type}>
            <Icon size={15} aria-hidden />
            <span>{buttonLabel(button)}</span>
          </div>
        );
      })}
    </div>
  );
}

/** The chat bubble of a template. `components` is Meta's create shape, as synced or as being typed. */
export function TemplatePreview({ components, businessName }: { components: TemplateComponent[]; businessName?: string }) {
  const header = components.find((c) => c.type === "HEADER");
  const body = components.find((c) => c.type === "BODY");
  const footer = textOf(components.find((c) => c.type === "FOOTER"));
  const buttons = shownButtons(components.find((c) => c.type === "BUTTONS"));
  const unshown = unshownTypes(components);
  const empty = !header && !body && !footer && buttons.length === 0;
  return (
    <figure className="tpl-phone" data-testid="template-preview" aria-label="Preview: the message as the recipient sees it">
      {businessName && <figcaption className="tpl-phone__title">{businessName}</figcaption>}
      <div className="tpl-phone__chat">
        {empty ? (
          <p className="tpl-phone__empty">Nothing to show yet: add a body.</p>
        ) : (
          <div className="tpl-message">
            <div className="tpl-bubble">
              {header && <Header component={header} />}
              {body && (
                <p className="tpl-bubble__body" dir="auto">
                  {withVariables(textOf(body), examplesOf("body", body.example))}
                </p>
              )}
              {footer && (
                <p className="tpl-bubble__footer" dir="auto">
                  {footer}
                </p>
              )}
              <span className="tpl-bubble__time" aria-hidden>
                12:00
              </span>
            </div>
            {buttons.length > 0 && <Buttons buttons={buttons} />}
          </div>
        )}
        {unshown.length > 0 && (
          <p className="tpl-phone__empty" data-testid="preview-unshown">
            ({unshown.join(", ")} not shown)
          </p>
        )}
      </div>
    </figure>
  );
}
