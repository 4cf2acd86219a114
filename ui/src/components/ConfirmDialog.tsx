// Asks before a destructive or costly action (remove a profile, clear a token, use a register attempt); Escape or Cancel backs out.
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import type { ReactNode } from "react";
import { pageContainer } from "./pageContainer";

interface Props {
  /** The button that opens the dialog; omit it to open the dialog from code (`open`/`onOpenChange`). */
  children?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  testId?: string;
  /** The confirm button's test id, for a test that drives the real window. */
  confirmTestId?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** `danger` (the default) for what cannot be undone or costs something; `primary` for a change the admin reviewed. */
  tone?: "danger" | "primary";
  onConfirm: () => void;
}

export function ConfirmDialog({ children, open, onOpenChange, testId, confirmTestId, title, description, confirmLabel, tone = "danger", onConfirm }: Props) {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      {children && <AlertDialog.Trigger asChild>{children}</AlertDialog.Trigger>}
      <AlertDialog.Portal container={pageContainer()}>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog--sm" data-testid={testId}>
          <div className="dialog__header">
            <div>
              <AlertDialog.Title className="dialog__title">{title}</AlertDialog.Title>
              <AlertDialog.Description className="dialog__description">{description}</AlertDialog.Description>
            </div>
          </div>
          <div className="dialog__footer">
            <AlertDialog.Cancel className="btn">Cancel</AlertDialog.Cancel>
            <AlertDialog.Action className={`btn btn--${tone}`} onClick={onConfirm} data-testid={confirmTestId}>
              {confirmLabel}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
