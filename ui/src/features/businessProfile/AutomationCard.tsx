// Part 4 of the Business profile page, the conversational components: the welcome message switch, the ice breakers a
// customer taps on a first chat, and the commands typed after "/", each checked as typed by the backend (an error blocks
// the save) and saved as one set, which replaces the number's.
import { MessageSquarePlus, Plus, Save, Trash2 } from "lucide-react";
import type { ConversationalAutomation } from "../../bindings/ConversationalAutomation";
import type { ProfilePage } from "../../bindings/ProfilePage";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { Spinner } from "../../components/Loading";
import { Chip } from "../../components/StatusChip";
import { EMPTY_COMMAND, NO_AUTOMATION, messagesFor, sameAutomation } from "./draft";
import { CheckedField, Findings } from "./fields";
import { useAutomationCheck, useSaveAutomation } from "./queries";

interface Props {
  page: ProfilePage;
  automation: ConversationalAutomation;
  onChange: (edit: (automation: ConversationalAutomation) => ConversationalAutomation) => void;
  /** Meta took `sent`; the page already shows the components as read back. */
  onSaved: (sent: ConversationalAutomation) => void;
}

export function AutomationCard({ page, automation, onChange, onSaved }: Props) {
  const { rules } = page;
  const saved = page.automation ?? NO_AUTOMATION;
  const edited = !sameAutomation(automation, saved);
  const check = useAutomationCheck(edited ? automation : null);
  const save = useSaveAutomation(page.profileId);
  const errors = check.answer;
  const reason = save.isPending
    ? "Saving…"
    : !edited
      ? "Nothing changed yet."
      : check.query.isError
        ? "The components could not be checked: see why above."
        : !check.current
          ? "Checking the latest changes…"
          : errors?.length
            ? `${errors.length} value${errors.length === 1 ? "" : "s"} to fix before saving: see under the field${errors.length === 1 ? "" : "s"}.`
            : null;
  const neverSet = page.automation === null && !edited;
  const setPrompt = (row: number, text: string) => onChange((a) => ({ ...a, prompts: a.prompts.map((p, i) => (i === row ? text : p)) }));
  const setCommand = (row: number, field: "commandName" | "commandDescription", text: string) =>
    onChange((a) => ({ ...a, commands: a.commands.map((c, i) => (i === row ? { ...c, [field]: text } : c)) }));
  const addPrompt = () => onChange((a) => ({ ...a, prompts: [...a.prompts, ""] }));
  const addCommand = () => onChange((a) => ({ ...a, commands: [...a.commands, EMPTY_COMMAND] }));

  return (
    <section className="card" aria-labelledby="bp-automation-title" data-testid="automation-card">
      <header className="card__header">
        <h2 className="card__title" id="bp-automation-title">
          Conversational components
        </h2>
        {edited && <Chip tone="warn">Unsaved changes</Chip>}
      </header>
      <div className="card__body stack">
        <div className="stack" style={{ gap: "var(--space-1)" }}>
          <label className="checkbox bp-switch">
            <input
              type="checkbox"
              role="switch"
              checked={automation.enableWelcomeMessage}
              onChange={(e) => onChange((a) => ({ ...a, enableWelcomeMessage: e.target.checked }))}
              aria-describedby="welcome-message-hint"
              data-testid="welcome-message-toggle"
            />
            Welcome message
          </label>
          <p className="field__hint" id="welcome-message-hint">
            When a customer opens a chat with no earlier messages, Meta sends your webhook a <code>request_welcome</code> message, so your app can greet
            them (free-form replies are allowed). Meta says these do not always arrive.
          </p>
        </div>
        {neverSet && automation.prompts.length === 0 && automation.commands.length === 0 ? (
          <EmptyState
            icon={MessageSquarePlus}
            title="Nothing set yet"
            action={
              <span className="row">
                <button type="button" className="btn btn--sm" onClick={addPrompt} data-testid="automation-start-prompt">
                  <Plus size={14} aria-hidden />
                  Add an ice breaker
                </button>
                <button type="button" className="btn btn--sm" onClick={addCommand} data-testid="automation-start-command">
                  <Plus size={14} aria-hidden />
                  Add a command
                </button>
              </span>
            }
          >
            Nothing set yet: add ice breakers (up to {rules.promptsMax} questions a customer taps on a first chat) or commands (typed after “/”).
          </EmptyState>
        ) : (
          <>
            <fieldset className="bp-list-group" data-testid="automation-prompts">
              <legend className="field__label">
                Ice breakers ({automation.prompts.length} of {rules.promptsMax})
              </legend>
              {automation.prompts.map((prompt, row) => (
                <div className="bp-row" key={row} data-testid="automation-prompt">
                  <CheckedField id={`prompt-${row}`} label={`Ice breaker ${row + 1}`} labelHidden max={rules.promptMax} value={prompt} errors={messagesFor(errors, `prompts.${row}`)}>
                    {(control) => <input {...control} className="input" type="text" value={prompt} onChange={(e) => setPrompt(row, e.target.value)} />}
                  </CheckedField>
                  <button
                    type="button"
                    className="btn btn--ghost btn--icon"
                    aria-label={`Remove ice breaker ${row + 1}`}
                    onClick={() => onChange((a) => ({ ...a, prompts: a.prompts.filter((_, i) => i !== row) }))}
                  >
                    <Trash2 size={15} aria-hidden />
                  </button>
                </div>
              ))}
              <Findings id="prompts-findings" errors={messagesFor(errors, "prompts")} />
              {automation.prompts.length < rules.promptsMax && (
                <button type="button" className="btn btn--sm bp-add" onClick={addPrompt} data-testid="automation-add-prompt">
                  <Plus size={14} aria-hidden />
                  Add an ice breaker
                </button>
              )}
            </fieldset>
            <fieldset className="bp-list-group" data-testid="automation-commands">
              <legend className="field__label">
                Commands ({automation.commands.length} of {rules.commandsMax})
              </legend>
              {automation.commands.map((command, row) => (
                <div className="bp-row bp-command" key={row} data-testid="automation-command">
                  <CheckedField
                    id={`command-${row}-name`}
                    label={`Command ${row + 1} name`}
                    max={rules.commandNameMax}
                    value={command.commandName}
                    errors={messagesFor(errors, `commands.${row}.commandName`)}
                  >
                    {(control) => (
                      <span className="bp-slash">
                        <span className="bp-slash__prefix mono" aria-hidden>
                          /
                        </span>
                        <input {...control} className="input input--mono" type="text" value={command.commandName} onChange={(e) => setCommand(row, "commandName", e.target.value)} />
                      </span>
                    )}
                  </CheckedField>
                  <CheckedField
                    id={`command-${row}-hint`}
                    label="Hint"
                    max={rules.commandDescriptionMax}
                    value={command.commandDescription}
                    errors={messagesFor(errors, `commands.${row}.commandDescription`)}
                  >
                    {(control) => (
                      <input {...control} className="input" type="text" value={command.commandDescription} onChange={(e) => setCommand(row, "commandDescription", e.target.value)} />
                    )}
                  </CheckedField>
                  <button
                    type="button"
                    className="btn btn--ghost btn--icon"
                    aria-label={`Remove command ${row + 1}`}
                    onClick={() => onChange((a) => ({ ...a, commands: a.commands.filter((_, i) => i !== row) }))}
                  >
                    <Trash2 size={15} aria-hidden />
                  </button>
                  <Findings id={`command-${row}-findings`} errors={messagesFor(errors, `commands.${row}`)} />
                </div>
              ))}
              <Findings id="commands-findings" errors={messagesFor(errors, "commands")} />
              {automation.commands.length < rules.commandsMax && (
                <button type="button" className="btn btn--sm bp-add" onClick={addCommand} data-testid="automation-add-command">
                  <Plus size={14} aria-hidden />
                  Add a command
                </button>
              )}
            </fieldset>
          </>
        )}
        <Findings id="automation-findings" errors={messagesFor(errors, "enableWelcomeMessage")} />
        {check.query.isError && <ErrorCard error={check.query.error} />}
        {save.error && <ErrorCard error={save.error} />}
        {save.isSuccess && !edited && (
          <p className="muted" role="status" data-testid="automation-saved">
            Saved: customers see them when they open a chat with no earlier messages.
          </p>
        )}
      </div>
      <div className="card__footer bp-footer">
        <button type="button" className="btn btn--primary" disabled={reason !== null} onClick={() => save.mutate(automation, { onSuccess: () => onSaved(automation) })} aria-describedby="automation-reason" data-testid="automation-save-button">
          {save.isPending ? <Spinner /> : <Save size={15} aria-hidden />}
          Save
        </button>
        <CopyCurlButton profileId={page.profileId} call={{ kind: "saveAutomation", automation }} what="Save the conversational components" testId="automation-copy-curl" />
        <span id="automation-reason" className="muted">
          {reason}
        </span>
      </div>
    </section>
  );
}
