// A row of tabs in the WAI-ARIA tabs pattern: one is selected, arrow keys move and select (wrapping), Home and End go to
// the ends. One look and one keyboard for every tab row of the window (the template editor's views, the Send page's
// message types, the Messages page's sections).
import { useRef, type KeyboardEvent, type ReactNode } from "react";

export type TabItem<T extends string> = {
  value: T;
  label: ReactNode;
  /** The tab's element id (the panel's `aria-labelledby`). */
  id: string;
  /** The id of the panel it shows. */
  controls: string;
  /** Defaults to `id`. */
  testId?: string;
};

type Props<T extends string> = {
  label: string;
  items: readonly TabItem<T>[];
  value: T;
  onChange: (value: T) => void;
};

export function Tabs<T extends string>({ label, items, value, onChange }: Props<T>) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(e: KeyboardEvent, index: number) {
    const last = items.length - 1;
    const to = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[e.key];
    const next = to === undefined ? undefined : items[to];
    if (to === undefined || !next) return;
    e.preventDefault();
    onChange(next.value);
    buttons.current[to]?.focus();
  }

  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {items.map((item, i) => (
        <button
          key={item.value}
          ref={(el) => {
            buttons.current[i] = el;
          }}
          type="button"
          role="tab"
          id={item.id}
          data-testid={item.testId ?? item.id}
          aria-selected={value === item.value}
          aria-controls={item.controls}
          tabIndex={value === item.value ? 0 : -1}
          className="tabs__tab"
          onClick={() => onChange(item.value)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
