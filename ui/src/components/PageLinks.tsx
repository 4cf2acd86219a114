// The pages a doctor check or checklist step points at (each approved template, each rejected one), as a row of links.
import { ArrowUpRight } from "lucide-react";
import { Link } from "react-router";
import type { PageLink } from "../bindings/PageLink";

export function PageLinks({ links, label }: { links: PageLink[]; label: string }) {
  if (links.length === 0) return null;
  return (
    <ul className="page-links" aria-label={label} data-testid="page-links">
      {links.map((link) => (
        <li key={link.path}>
          <Link to={link.path} className="page-links__link">
            <span className="mono">{link.label}</span>
            <ArrowUpRight size={13} aria-hidden />
          </Link>
        </li>
      ))}
    </ul>
  );
}
