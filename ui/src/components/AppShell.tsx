// The window frame: sidebar navigation, top bar with the profile switcher and theme toggle, and the routed page inside its
// own error boundary.
import { Suspense } from "react";
import { NavLink, Outlet, useLocation } from "react-router";
import { useAppInfo } from "../lib/queries";
import { NAV_GROUPS } from "../lib/navigation";
import { LoadingLine } from "./Loading";
import { Logo } from "./Logo";
import { PageErrorBoundary } from "./PageErrorBoundary";
import { ProfileSwitcher } from "./ProfileSwitcher";
import { ThemeToggle } from "./ThemeToggle";

export function AppShell() {
  const appInfo = useAppInfo();
  const { pathname } = useLocation();
  return (
    <div className="shell">
      {/* A button, not an anchor: with hash routing "#content" would be read as a route. */}
      <button type="button" className="btn skip-link" onClick={() => document.getElementById("content")?.focus()}>
        Skip to content
      </button>
      <aside className="sidebar">
        <NavLink to="/" className="brand">
          <span className="brand__mark">
            <Logo />
          </span>
          <span className="brand__name">WABA Console</span>
        </NavLink>
        <nav className="nav" aria-label="Main">
          {NAV_GROUPS.map((group) => (
            <div key={group.heading} className="nav__group" role="group" aria-labelledby={`nav-${group.heading}`}>
              <div className="nav__heading" id={`nav-${group.heading}`}>
                {group.heading}
              </div>
              {group.pages.map(({ path, label, icon: Icon }) => (
                <NavLink key={path} to={path} end={path === "/"} className="nav__link">
                  <Icon size={17} aria-hidden />
                  <span>{label}</span>
                </NavLink>
              ))}
            </div>
          ))}
        </nav>
        {appInfo.data && <div className="sidebar__footer">Version {appInfo.data.version}</div>}
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="topbar__profile">
            <span className="topbar__label">Profile</span>
            <ProfileSwitcher />
          </div>
          <ThemeToggle />
        </header>
        <main className="content" id="content" tabIndex={-1}>
          <PageErrorBoundary pageKey={pathname}>
            <Suspense fallback={<LoadingLine>Loading the page…</LoadingLine>}>
              <Outlet />
            </Suspense>
          </PageErrorBoundary>
        </main>
      </div>
    </div>
  );
}
