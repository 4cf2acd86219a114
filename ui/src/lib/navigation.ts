// The console's pages, grouped as in the sidebar, and the mapping from a checklist step's `checkedBy` to the page that checks it.
import { FileText, Gauge, GitBranch, KeyRound, ListChecks, MessagesSquare, Phone, ScanSearch, ScrollText, Send, Stethoscope, Store, Users, Webhook, type LucideIcon } from "lucide-react";

export interface Page {
  path: string;
  label: string;
  icon: LucideIcon;
}

export interface NavGroup {
  heading: string;
  pages: Page[];
}

export const NAV_GROUPS: NavGroup[] = [
  {
    heading: "Setup",
    pages: [
      { path: "/", label: "Checklist", icon: ListChecks },
      { path: "/token", label: "Token", icon: KeyRound },
      { path: "/numbers", label: "Numbers", icon: Phone },
      { path: "/business-profile", label: "Business profile", icon: Store },
      { path: "/webhooks", label: "Webhooks", icon: Webhook },
      { path: "/profiles", label: "Profiles", icon: Users },
    ],
  },
  {
    heading: "Messaging",
    pages: [
      { path: "/templates", label: "Templates", icon: FileText },
      { path: "/send", label: "Send", icon: Send },
      { path: "/messages", label: "Messages", icon: MessagesSquare },
    ],
  },
  {
    heading: "Diagnose",
    pages: [
      { path: "/doctor", label: "Doctor", icon: Stethoscope },
      { path: "/diagnose", label: "Diagnose", icon: ScanSearch },
      { path: "/quality", label: "Quality", icon: Gauge },
      { path: "/versions", label: "API versions", icon: GitBranch },
      { path: "/audit", label: "Audit log", icon: ScrollText },
    ],
  },
];

export const PAGES: Page[] = NAV_GROUPS.flatMap((group) => group.pages);

/** The route of the page named `checkedBy` ("Token", "Doctor"), or undefined while that page does not exist yet. */
export function pathOfPage(checkedBy: string): string | undefined {
  return PAGES.find((p) => p.label === checkedBy)?.path;
}
