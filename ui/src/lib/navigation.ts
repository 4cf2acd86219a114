// The console's pages, in sidebar order, and the mapping from a checklist step's `checkedBy` to the page that checks it.
import { KeyRound, ListChecks, Users, type LucideIcon } from "lucide-react";

export interface Page {
  path: string;
  label: string;
  icon: LucideIcon;
}

export const PAGES: Page[] = [
  { path: "/", label: "Checklist", icon: ListChecks },
  { path: "/token", label: "Token", icon: KeyRound },
  { path: "/profiles", label: "Profiles", icon: Users },
];

/** The route of the page named `checkedBy` ("Token"), or undefined while that page does not exist yet. */
export function pathOfPage(checkedBy: string): string | undefined {
  return PAGES.find((p) => p.label === checkedBy)?.path;
}
