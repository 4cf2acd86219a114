// Messages page: what the console sent and what became of it, for the active profile. Four tabs: the message log with the
// opened message beside it (`?id=<id>` opens one), the delivery funnel of a period, a burst of template sends with its
// live figures, and the inbound messages the receiver stored (mark as read). The tab is in the URL (`?tab=`).
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { Profile } from "../../bindings/Profile";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { PageHeader } from "../../components/PageHeader";
import { Tabs, type TabItem } from "../../components/Tabs";
import { BurstPanel } from "./BurstPanel";
import { FunnelPanel } from "./FunnelPanel";
import { InboundPanel } from "./InboundPanel";
import { MessageDetailPanel } from "./MessageDetailPanel";
import { MessageLog } from "./MessageLog";
import "./messages.css";

type Tab = "log" | "funnel" | "burst" | "inbound";

const TABS: { tab: Tab; label: string }[] = [
  { tab: "log", label: "Log" },
  { tab: "funnel", label: "Delivery funnel" },
  { tab: "burst", label: "Burst" },
  { tab: "inbound", label: "Inbound" },
];

const isTab = (value: string | null): value is Tab => TABS.some((t) => t.tab === value);

const TAB_ITEMS: TabItem<Tab>[] = TABS.map(({ tab, label }) => ({
  value: tab,
  label,
  id: `messages-tab-${tab}`,
  controls: `messages-panel-${tab}`,
}));

function ProfileMessages({ profile }: { profile: Profile }) {
  const [params, setParams] = useSearchParams();
  const idParam = params.get("id");
  const openedId = idParam !== null && /^\d+$/.test(idParam) ? Number(idParam) : null;
  const tabParam = params.get("tab");
  const tab: Tab = openedId !== null ? "log" : isTab(tabParam) ? tabParam : "log";
  const [visited, setVisited] = useState<ReadonlySet<Tab>>(() => new Set([tab]));
  if (!visited.has(tab)) setVisited(new Set([...visited, tab]));

  const showTab = (next: Tab) => setParams(next === "log" ? {} : { tab: next });
  const open = (id: number) => setParams({ id: String(id) }, { replace: openedId !== null });
  const close = () => setParams({}, { replace: true });

  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="Messages"
        description="Every message the console sent, with what Meta said about it since: accepted, sent, delivered, read, or failed with the error explained. The delivery funnel of a period, a burst of template sends against the number's limits, and the messages customers wrote."
      />
      <div className="stack" style={{ gap: "var(--space-5)" }}>
        <Tabs label="Messages" items={TAB_ITEMS} value={tab} onChange={showTab} />
        {/* A tab stays mounted once shown (hidden when another is), so what was typed and a burst's figures survive a look elsewhere. */}
        {TABS.filter((t) => t.tab === tab || visited.has(t.tab)).map((t) => (
          <div key={t.tab} role="tabpanel" id={`messages-panel-${t.tab}`} aria-labelledby={`messages-tab-${t.tab}`} hidden={t.tab !== tab}>
            {t.tab === "log" && (
              <div className={`messages-log-layout${openedId !== null ? " has-detail" : ""}`}>
                <MessageLog profile={profile} openedId={openedId} onOpen={open} />
                {openedId !== null && <MessageDetailPanel key={openedId} profileId={profile.id} messageId={openedId} onClose={close} />}
              </div>
            )}
            {t.tab === "funnel" && <FunnelPanel profileId={profile.id} />}
            {t.tab === "burst" && <BurstPanel profile={profile} />}
            {t.tab === "inbound" && <InboundPanel profile={profile} />}
          </div>
        ))}
      </div>
    </>
  );
}

export function MessagesPage() {
  return <ActiveProfileGate>{(profile) => <ProfileMessages key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
