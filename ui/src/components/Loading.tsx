// Loading indicators: a spinner for work in progress and skeleton blocks for content still on its way.
import { LoaderCircle } from "lucide-react";
import type { CSSProperties, ReactNode } from "react";

export function Spinner({ size = 16 }: { size?: number }) {
  return <LoaderCircle className="spinner" size={size} aria-hidden />;
}

/** A spinner with a sentence, announced politely to screen readers. */
export function LoadingLine({ children }: { children: ReactNode }) {
  return (
    <p className="loading-line" role="status">
      <Spinner />
      {children}
    </p>
  );
}

export function Skeleton({ width = "100%", height = 14, style }: { width?: CSSProperties["width"]; height?: number; style?: CSSProperties }) {
  return <span className="skeleton" style={{ width, height, ...style }} aria-hidden />;
}
