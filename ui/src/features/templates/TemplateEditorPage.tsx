// Placeholder until the editor lands.
export function TemplateEditorPage() {
  return null;
}
