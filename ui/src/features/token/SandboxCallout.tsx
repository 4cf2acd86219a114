// For sandbox profiles: the sample token the built-in sandbox accepts, and a button that pastes it into the form.
import { FlaskConical } from "lucide-react";
import { ErrorCard } from "../../components/ErrorCard";
import { Skeleton } from "../../components/Loading";
import { useSandboxInfo } from "../../lib/queries";

export function SandboxCallout({ onUseSample }: { onUseSample: (token: string) => void }) {
  const sandbox = useSandboxInfo();
  if (sandbox.isError) return <ErrorCard error={sandbox.error} onRetry={() => void sandbox.refetch()} />;
  return (
    <div className="callout callout--info">
      <FlaskConical size={18} aria-hidden />
      <div className="callout__body">
        <h2 className="callout__title">Sandbox profile</h2>
        <p>
          This profile talks to the built-in sandbox. It accepts the sample token{" "}
          {sandbox.data ? <code>{sandbox.data.sampleToken}</code> : <Skeleton width={160} height={14} style={{ display: "inline-block" }} />}
        </p>
      </div>
      <button
        type="button"
        className="btn"
        data-testid="token-use-sample"
        disabled={!sandbox.data}
        onClick={() => sandbox.data && onUseSample(sandbox.data.sampleToken)}
      >
        Use sample token
      </button>
    </div>
  );
}
