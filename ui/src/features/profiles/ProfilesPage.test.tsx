// Profiles page: the add form shows the backend's field errors in place and keeps every value; sandbox rules hold.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../test/renderApp";

async function openForm() {
  const view = renderApp({ route: "/profiles" });
  await view.user.click(await screen.findByRole("button", { name: "Add profile" }));
  const form = await screen.findByTestId("add-profile-form");
  const input = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
  return { ...view, form, input };
}

describe("ProfilesPage", () => {
  it("shows the backend's field errors under the fields and keeps the values", async () => {
    const { user, form, input } = await openForm();

    await user.type(input("name"), "Acme support");
    await user.type(input("appId"), "634974688087057");
    await user.type(input("wabaId"), "+1 415-555-0100");
    await user.type(input("phoneNumberId"), "106540352242922");
    await user.click(within(form).getByRole("button", { name: "Add profile" }));

    const message = await within(form).findByText(/looks like a phone number, not its WABA ID/);
    expect(input("wabaId")).toHaveAttribute("aria-invalid", "true");
    expect(input("wabaId").getAttribute("aria-describedby")).toContain(message.id);
    expect(input("wabaId")).toHaveFocus();
    expect(input("name")).toHaveValue("Acme support");
    expect(input("appId")).toHaveValue("634974688087057");
    expect(input("wabaId")).toHaveValue("+1 415-555-0100");
    expect(input("phoneNumberId")).toHaveValue("106540352242922");
    expect(input("appId")).toHaveAttribute("aria-invalid", "false");
    expect(within(form).queryByTestId("error-card")).not.toBeInTheDocument();
  });

  it("says when a typed ID will be checked with the API (the sandbox cannot vouch for Meta IDs)", async () => {
    const { user, form, input } = await openForm();
    await user.type(input("phoneNumberId"), "102290129340398");
    await user.tab();
    expect(await within(form).findByTestId("id-verdict")).toHaveTextContent(/checks this ID once the profile has its token/);
  });

  it("adds a valid profile, then makes it active and removes it after confirming", async () => {
    const { user, form, input } = await openForm();

    expect(form.querySelector('select[name="apiVersion"]')).toHaveValue("v27.0");
    await user.type(input("name"), "Acme support");
    await user.type(input("appId"), "634974688087057");
    await user.type(input("wabaId"), "102290129340398");
    await user.type(input("phoneNumberId"), "106540352242922{Enter}");

    await waitFor(() => expect(screen.queryByTestId("add-profile-form")).not.toBeInTheDocument());
    const row = await screen.findByTestId("profile-row-p2");
    expect(row).toHaveTextContent("Acme support");
    expect(row).toHaveTextContent("Live");
    expect(row).toHaveTextContent("Meta Graph");
    expect(within(row).getByRole("button", { name: "Use this profile" })).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Remove Acme support" })).toBeInTheDocument();
    expect(within(screen.getByTestId("profile-row-sandbox")).queryByRole("button", { name: /Remove/ })).not.toBeInTheDocument();

    await user.click(within(row).getByRole("button", { name: "Use this profile" }));
    expect(await within(row).findByText("Active")).toBeInTheDocument();
    expect(screen.getByTestId("profile-switcher")).toHaveTextContent("Acme support");

    await user.click(within(row).getByRole("button", { name: "Remove Acme support" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(dialog).toHaveTextContent("Remove “Acme support”?");
    await user.click(within(dialog).getByRole("button", { name: "Remove profile" }));
    await waitFor(() => expect(screen.queryByTestId("profile-row-p2")).not.toBeInTheDocument());
    expect(screen.getByTestId("profile-switcher")).toHaveTextContent("Sandbox");
  });
});
