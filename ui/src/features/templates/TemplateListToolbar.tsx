// The list's search and filters (status, category, language), with how many templates they leave. The options are the
// values the synced list holds; the filtering itself is list_templates' (the same filter the CLI uses).
import { Search, X } from "lucide-react";
import type { TemplateCategory } from "../../bindings/TemplateCategory";
import type { TemplateListing } from "../../bindings/TemplateListing";
import type { TemplateStatus } from "../../bindings/TemplateStatus";
import { Spinner } from "../../components/Loading";
import { Select } from "../../components/Select";

export interface ToolbarFilters {
  status: TemplateStatus | null;
  category: TemplateCategory | null;
  language: string | null;
}

export const NO_FILTERS: ToolbarFilters = { status: null, category: null, language: null };

/** The Select value that stands for "no filter" (Radix Select has no empty value). */
const ALL = "all";

const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort();

interface Props {
  listing: TemplateListing;
  filters: ToolbarFilters;
  onFiltersChange: (filters: ToolbarFilters) => void;
  searchText: string;
  onSearchTextChange: (text: string) => void;
  shown: number;
  filtered: boolean;
  onClear: () => void;
  busy: boolean;
}

function FilterSelect({ name, label, value, values, onChange }: { name: keyof ToolbarFilters; label: string; value: string | null; values: string[]; onChange: (value: string | null) => void }) {
  return (
    <label className="templates-toolbar__filter">
      <span className="templates-toolbar__label">{label}</span>
      <Select
        name={name}
        aria-label={`${label} filter`}
        data-testid={`templates-filter-${name}`}
        value={value ?? ALL}
        onValueChange={(v) => onChange(v === ALL ? null : v)}
        options={[{ value: ALL, label: "All" }, ...values.map((v) => ({ value: v, label: v }))]}
      />
    </label>
  );
}

export function TemplateListToolbar({ listing, filters, onFiltersChange, searchText, onSearchTextChange, shown, filtered, onClear, busy }: Props) {
  const templates = listing.templates;
  return (
    // A form, so the filters are form controls (Radix Select keeps a native select in step for them); nothing submits.
    <form role="search" className="templates-toolbar" aria-label="Search and filter templates" onSubmit={(e) => e.preventDefault()}>
      <label className="templates-toolbar__search">
        <span className="visually-hidden">Search templates</span>
        <Search size={16} aria-hidden className="templates-toolbar__search-icon" />
        <input
          className="input"
          type="search"
          placeholder="Search names and texts"
          data-testid="templates-search"
          value={searchText}
          onChange={(e) => onSearchTextChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              onSearchTextChange("");
            }
          }}
        />
      </label>
      <FilterSelect name="status" label="Status" value={filters.status} values={distinct(templates.map((t) => t.status.value))} onChange={(status) => onFiltersChange({ ...filters, status })} />
      <FilterSelect
        name="category"
        label="Category"
        value={filters.category}
        values={distinct(templates.map((t) => t.category?.value))}
        onChange={(category) => onFiltersChange({ ...filters, category })}
      />
      <FilterSelect name="language" label="Language" value={filters.language} values={distinct(templates.map((t) => t.language))} onChange={(language) => onFiltersChange({ ...filters, language })} />
      <div className="templates-toolbar__count" aria-live="polite">
        {busy && <Spinner size={14} />}
        {filtered ? (
          <>
            <span data-testid="templates-showing">
              Showing {shown} of {listing.cached}
            </span>
            <button type="button" className="btn btn--sm btn--ghost" data-testid="templates-clear" onClick={onClear}>
              <X size={14} aria-hidden />
              Clear filters
            </button>
          </>
        ) : (
          <span className="muted" data-testid="templates-showing">
            {listing.cached} templates
          </span>
        )}
      </div>
    </form>
  );
}
