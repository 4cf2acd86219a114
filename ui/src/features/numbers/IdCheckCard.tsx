// "What is this ID?": asks the API what an ID really is, and lists the WABA's numbers with their IDs when that helps.
import { useMutation } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useState, type FormEvent } from "react";
import type { IdField } from "../../bindings/IdField";
import type { IdKind } from "../../bindings/IdKind";
import type { Profile } from "../../bindings/Profile";
import { CopyableUrl } from "../../components/CopyableUrl";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Loading";
import { Select } from "../../components/Select";
import { Chip } from "../../components/StatusChip";
import { ipc } from "../../ipc";

const KIND_LABEL: Record<IdKind, string> = {
  waba: "WABA ID",
  phoneNumber: "Phone-number ID",
  phoneNumberLike: "A phone number",
  notVisible: "Not visible to the token",
  other: "Another object",
  invalid: "Not an ID",
};

export function IdCheckCard({ profile }: { profile: Profile }) {
  const [input, setInput] = useState("");
  const [field, setField] = useState<IdField>("phoneNumberId");
  const check = useMutation({ mutationFn: ipc.checkId });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (input.trim() && !check.isPending) check.mutate({ profileId: profile.id, input: input.trim(), field });
  }

  const result = check.data;
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="idcheck-title" data-testid="id-check">
      <div className="card__header">
        <h2 className="card__title numbers-title" id="idcheck-title">
          <Search size={17} aria-hidden />
          Check an ID
        </h2>
      </div>
      <div className="card__body stack">
        <p className="muted numbers-explain">
          Paste an ID to learn what it really is. Graph IDs are opaque digits of any length: only the API can tell a WABA ID from a
          phone-number ID.
        </p>
        <div className="numbers-fields numbers-fields--id">
          <Field id="idcheck-input" label="ID">
            {(control) => (
              <input {...control} className="input input--mono" data-testid="id-check-input" spellCheck={false} placeholder="106540352242922" value={input} onChange={(e) => setInput(e.target.value)} />
            )}
          </Field>
          <Field id="idcheck-field" label="Meant as">
            {(control) => (
              <Select
                id={control.id}
                data-testid="id-check-field"
                value={field}
                onValueChange={(v) => setField(v as IdField)}
                options={[
                  { value: "phoneNumberId", label: "Phone-number ID" },
                  { value: "wabaId", label: "WABA ID" },
                ]}
              />
            )}
          </Field>
          <button type="submit" className="btn numbers-fields__button" data-testid="id-check-submit" disabled={check.isPending || !input.trim()}>
            {check.isPending ? <Spinner /> : <Search size={16} aria-hidden />}
            Check
          </button>
        </div>
        {check.error && <ErrorCard error={check.error} />}
        {result && (
          <div className={`callout callout--${result.fits ? "pass" : "warn"} numbers-inline`} data-testid="id-check-result" data-kind={result.kind} data-fits={result.fits}>
            <div className="callout__body">
              <p className="row">
                <Chip tone={result.fits ? "pass" : "warn"}>{KIND_LABEL[result.kind]}</Chip>
                <span>{result.message}</span>
              </p>
              {result.numbers.length > 0 && (
                <div className="table-wrap numbers-idtable">
                  <table className="table">
                    <caption className="visually-hidden">The WABA&apos;s numbers and their IDs</caption>
                    <thead>
                      <tr>
                        <th scope="col">Number</th>
                        <th scope="col">Verified name</th>
                        <th scope="col">Phone-number ID</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.numbers.map((n) => (
                        <tr key={n.id}>
                          <td className="mono">{n.displayPhoneNumber ?? "—"}</td>
                          <td>{n.verifiedName ?? "—"}</td>
                          <td>
                            <CopyableUrl url={n.id} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          </div>
        )}
      </div>
    </form>
  );
}
