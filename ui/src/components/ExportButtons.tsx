// Export buttons for a report or log: each writes a file to the Downloads folder and says where it went.
import { useMutation } from "@tanstack/react-query";
import { CheckCircle2, Download } from "lucide-react";
import type { ExportedFile } from "../bindings/ExportedFile";
import { ErrorCard } from "./ErrorCard";
import { Spinner } from "./Loading";

export interface ExportChoice<F extends string> {
  format: F;
  label: string;
}

interface Props<F extends string> {
  choices: ExportChoice<F>[];
  onExport: (format: F) => Promise<ExportedFile>;
  disabled?: boolean;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function ExportButtons<F extends string>({ choices, onExport, disabled = false }: Props<F>) {
  const exporter = useMutation({ mutationFn: onExport });
  return (
    <div className="export">
      <div className="export__buttons">
        {choices.map(({ format, label }) => (
          <button
            key={format}
            type="button"
            className="btn btn--sm"
            data-testid={`export-${format}`}
            disabled={disabled || exporter.isPending}
            onClick={() => exporter.mutate(format)}
          >
            {exporter.isPending && exporter.variables === format ? <Spinner size={14} /> : <Download size={14} aria-hidden />}
            {label}
          </button>
        ))}
      </div>
      <div role="status" className="export__status">
        {exporter.data && (
          <p className="export__saved" data-testid="export-saved">
            <CheckCircle2 size={14} aria-hidden />
            <span>
              Saved to <span className="mono export__path">{exporter.data.path}</span>{" "}
              <span className="muted">({formatBytes(exporter.data.bytes)})</span>
            </span>
          </p>
        )}
      </div>
      {exporter.error && <ErrorCard error={exporter.error} />}
    </div>
  );
}
