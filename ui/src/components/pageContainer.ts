// Dialogs portal into the page's <main>, so what they say (field errors included) is part of the page's content.
export function pageContainer(): HTMLElement | undefined {
  return document.getElementById("content") ?? undefined;
}
