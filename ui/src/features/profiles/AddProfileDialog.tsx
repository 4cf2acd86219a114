// "Add profile": a dialog whose draft survives errors and closing; the backend validates and answers per field.
import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, X } from "lucide-react";
import { useState, type FormEvent } from "react";
import type { AppInfo } from "../../bindings/AppInfo";
import type { CommandError } from "../../bindings/CommandError";
import { ErrorCard } from "../../components/ErrorCard";
import { Spinner } from "../../components/Loading";
import { pageContainer } from "../../components/pageContainer";
import { fieldErrors, ipc } from "../../ipc";
import { queryKeys } from "../../lib/queries";
import { useActiveProfile } from "../../lib/queries";
import { PROFILE_FIELDS, ProfileFields, type IdVerdicts, type ProfileDraft } from "./ProfileFields";

function emptyDraft(apiVersion: string): ProfileDraft {
  return { name: "", appId: "", wabaId: "", phoneNumberId: "", apiVersion, baseUrl: "" };
}

/** Field errors the form can show in place; anything else needs the error card. */
function splitErrors(error: CommandError | null) {
  const byField = fieldErrors(error);
  const placed = Object.keys(byField).every((f) => (PROFILE_FIELDS as readonly string[]).includes(f));
  return { byField, unplaced: error && (error.details?.kind !== "fields" || !placed) ? error : null };
}

export function AddProfileDialog({ appInfo }: { appInfo: AppInfo }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(() => emptyDraft(appInfo.defaultApiVersion));
  const [idVerdicts, setIdVerdicts] = useState<IdVerdicts>({});
  const { profile: active } = useActiveProfile();

  /** Asks the API what a typed ID is, with the active profile's token, when that profile talks
   *  to the same Graph endpoint as the one being added (a real profile, same base URL). */
  async function checkId(field: "wabaId" | "phoneNumberId", value: string) {
    const sameEndpoint = active?.kind === "real" && (active.baseUrl ?? "") === draft.baseUrl.trim();
    if (!active || !sameEndpoint) {
      setIdVerdicts((v) => ({
        ...v,
        [field]: { fits: true, message: "The API checks this ID once the profile has its token: the checklist's number step says what the ID really is." },
      }));
      return;
    }
    try {
      const check = await ipc.checkId({ profileId: active.id, input: value, field });
      setIdVerdicts((v) => ({ ...v, [field]: { fits: check.fits, message: check.message } }));
    } catch {
      setIdVerdicts((v) => ({ ...v, [field]: undefined }));
    }
  }

  const add = useMutation({
    mutationFn: ipc.addProfile,
    onSuccess: () => {
      setOpen(false);
      setDraft(emptyDraft(appInfo.defaultApiVersion));
      return queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
    },
    onError: (error) => {
      const first = PROFILE_FIELDS.find((f) => fieldErrors(error)[f]);
      if (first) document.getElementById(`profile-${first}`)?.focus();
    },
  });
  const { byField, unplaced } = splitErrors(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (add.isPending) return;
    add.mutate({ ...draft, baseUrl: draft.baseUrl.trim() || null });
  }

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="btn btn--primary">
        <Plus size={16} aria-hidden />
        Add profile
      </Dialog.Trigger>
      <Dialog.Portal container={pageContainer()}>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <form onSubmit={submit} noValidate data-testid="add-profile-form">
            <div className="dialog__header">
              <div>
                <Dialog.Title className="dialog__title">Add a profile</Dialog.Title>
                <Dialog.Description className="dialog__description">
                  The IDs of one WhatsApp Business Account setup. You store its token on the Token page next.
                </Dialog.Description>
              </div>
              <Dialog.Close className="btn btn--ghost btn--icon" aria-label="Close">
                <X size={18} aria-hidden />
              </Dialog.Close>
            </div>
            <div className="dialog__body stack">
              {unplaced && <ErrorCard error={unplaced} />}
              <ProfileFields draft={draft} onChange={setDraft} errors={byField} appInfo={appInfo} idVerdicts={idVerdicts} onIdBlur={(f, v) => void checkId(f, v)} />
            </div>
            <div className="dialog__footer">
              <Dialog.Close type="button" className="btn">
                Cancel
              </Dialog.Close>
              <button type="submit" className="btn btn--primary" disabled={add.isPending}>
                {add.isPending && <Spinner />}
                Add profile
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
