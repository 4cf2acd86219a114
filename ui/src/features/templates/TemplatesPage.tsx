// Placeholder until the list and detail land.
export function TemplatesPage() {
  return null;
}
