// Part 2 of the Webhooks page, subscription and routing: whether the profile's app is subscribed to the WABA (Subscribe,
// Unsubscribe behind a confirmation), the app's own webhook configuration read and set with the app access token, and the
// three callback levels side by side with the one Meta uses, where the WABA's and the number's overrides are set or cleared.
import { BellOff, BellRing, KeyRound, TriangleAlert } from "lucide-react";
import type { Profile } from "../../bindings/Profile";
import type { SubscriptionsOverview } from "../../bindings/SubscriptionsOverview";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Spinner } from "../../components/Loading";
import { Chip } from "../../components/StatusChip";
import { AppWebhookSection } from "./AppWebhookSection";
import { useSubscribe, useSubscriptionsOverview, useUnsubscribe } from "./queries";
import { RoutingSection } from "./RoutingSection";

function Subscription({ profile, overview }: { profile: Profile; overview: SubscriptionsOverview }) {
  const subscribe = useSubscribe(profile.id);
  const unsubscribe = useUnsubscribe(profile.id);
  const waba = overview.waba;
  const others = waba.apps.filter((app) => app.appId !== waba.appId);
  const busy = subscribe.isPending || unsubscribe.isPending;
  return (
    <section className="stack webhooks-subsection" aria-labelledby="subscription-title">
      <div className="row">
        <h3 className="webhooks-subtitle" id="subscription-title">
          WABA subscription
        </h3>
        <span data-testid="subscription-state" data-subscribed={waba.subscribed}>
          {waba.subscribed ? (
            <Chip tone="pass" icon={BellRing}>
              Subscribed
            </Chip>
          ) : (
            <Chip tone="fail" icon={BellOff}>
              Not subscribed
            </Chip>
          )}
        </span>
      </div>
      <p>{waba.message}</p>
      {!waba.subscribed && (
        <p className="callout callout--warn" role="status">
          <TriangleAlert size={18} aria-hidden />
          <span>
            While app {waba.appId} is not subscribed to WABA {waba.wabaId}, Meta sends it no webhooks at all, whichever callback is set: the
            most common silent failure.
          </span>
        </p>
      )}
      {others.length > 0 && (
        <p className="muted">
          Other apps subscribed to this WABA: {others.map((app) => (app.name ? `${app.name} (${app.appId})` : app.appId)).join(", ")}.
        </p>
      )}
      {subscribe.error && <ErrorCard error={subscribe.error} />}
      {unsubscribe.error && <ErrorCard error={unsubscribe.error} />}
      <div className="row">
        {waba.subscribed ? (
          <ConfirmDialog
            testId="unsubscribe-dialog"
            title="Unsubscribe the app from this WABA?"
            description={`App ${waba.appId} stops receiving WABA ${waba.wabaId}'s webhooks: no message, status or template webhook arrives after this, at any callback, and the WABA's override goes too. Subscribe again to get them back.`}
            confirmLabel="Unsubscribe"
            onConfirm={() => unsubscribe.mutate()}
          >
            <button type="button" className="btn btn--ghost btn--ghost-danger" data-testid="unsubscribe-button" disabled={busy}>
              {unsubscribe.isPending ? <Spinner /> : <BellOff size={15} aria-hidden />}
              Unsubscribe
            </button>
          </ConfirmDialog>
        ) : (
          <button type="button" className="btn btn--primary" data-testid="subscribe-button" disabled={busy} onClick={() => subscribe.mutate(null)}>
            {subscribe.isPending ? <Spinner /> : <BellRing size={15} aria-hidden />}
            Subscribe
          </button>
        )}
        {waba.subscribed ? (
          <CopyCurlButton profileId={profile.id} call={{ kind: "unsubscribeApp" }} what="Unsubscribe the app" testId="copy-curl-unsubscribe" />
        ) : (
          <CopyCurlButton profileId={profile.id} call={{ kind: "subscribeApp", overrideCallbackUri: null }} what="Subscribe the app" testId="copy-curl-subscribe" />
        )}
      </div>
    </section>
  );
}

function AppSecretMissing() {
  return (
    <section className="stack webhooks-subsection" aria-labelledby="app-webhook-title" data-testid="app-webhook-needs-secret">
      <h3 className="webhooks-subtitle" id="app-webhook-title">
        The app&apos;s webhook configuration
      </h3>
      <EmptyState icon={KeyRound} title="The app secret is needed to read it">
        The app&apos;s callback URL and fields are read and set with the app access token, which the console builds from the app secret. Store
        it in part 1 above, and this part reads the configuration.
      </EmptyState>
    </section>
  );
}

export function SubscriptionCard({ profile, receiverUrl }: { profile: Profile; receiverUrl: string | null }) {
  const overview = useSubscriptionsOverview(profile.id);
  return (
    <section className="card" aria-labelledby="subscription-card-title" data-testid="subscription-card">
      <header className="card__header">
        <h2 className="card__title" id="subscription-card-title">
          2. Subscription and routing
        </h2>
        {overview.data && (
          <button type="button" className="btn btn--sm btn--ghost" onClick={() => void overview.refetch()} disabled={overview.isFetching}>
            {overview.isFetching ? <Spinner /> : null}
            Read again
          </button>
        )}
      </header>
      <div className="card__body stack webhooks-parts">
        {overview.isPending && <LoadingLine>Reading the WABA&apos;s subscribed apps, the app&apos;s webhook and the number&apos;s callback from Meta…</LoadingLine>}
        {overview.isError && <ErrorCard error={overview.error} onRetry={() => void overview.refetch()} />}
        {overview.data && (
          <>
            <Subscription profile={profile} overview={overview.data} />
            {!overview.data.appSecretStored ? (
              <AppSecretMissing />
            ) : overview.data.appError ? (
              <section className="stack webhooks-subsection" aria-label="The app's webhook configuration">
                <h3 className="webhooks-subtitle">The app&apos;s webhook configuration</h3>
                <ErrorCard error={overview.data.appError} onRetry={() => void overview.refetch()} />
              </section>
            ) : (
              overview.data.app && <AppWebhookSection profile={profile} config={overview.data.app} receiverUrl={receiverUrl} />
            )}
            {overview.data.routingError && <ErrorCard error={overview.data.routingError} onRetry={() => void overview.refetch()} />}
            {overview.data.routing && <RoutingSection profile={profile} routing={overview.data.routing} receiverUrl={receiverUrl} />}
          </>
        )}
      </div>
    </section>
  );
}
