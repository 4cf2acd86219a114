// An outside address the admin opens in their own browser (the app has no external opener): selectable text and a Copy button.
import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";

export function CopyableUrl({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const id = window.setTimeout(() => setCopied(false), 1600);
    return () => window.clearTimeout(id);
  }, [copied]);

  function copy() {
    // The clipboard can be unavailable (tests, denied permission); the text stays selectable either way.
    navigator.clipboard?.writeText(url).then(
      () => setCopied(true),
      () => undefined,
    );
  }

  return (
    <span className="copy-url">
      <span className="copy-url__text mono">{url}</span>
      <button type="button" className="btn btn--ghost btn--icon copy-url__button" onClick={copy} aria-label={`Copy ${url}`} title="Copy">
        {copied ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}
      </button>
      {copied && (
        <span className="visually-hidden" role="status">
          Copied
        </span>
      )}
    </span>
  );
}
