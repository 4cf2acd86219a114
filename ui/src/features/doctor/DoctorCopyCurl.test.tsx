// "Copy as curl" on the Doctor page: each check that read Graph offers the reads it judged, copied as the exact command
// with the token as $WA_TOKEN (the version the doctor ran with), and shown in a dialog to read first; local checks offer none.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { stubClipboard } from "../../test/clipboard";
import { renderApp, SANDBOX_TOKEN } from "../../test/renderApp";

const OWN = "106540352242922";

describe("Doctor: copy as curl", () => {
  it("copies the read a check judged, with the token as $WA_TOKEN", async () => {
    const { user } = renderApp({ route: "/doctor", withToken: true });
    const clipboard = stubClipboard();
    await user.click(await screen.findByTestId("doctor-run", {}, { timeout: 5000 }));

    const tokenValid = await screen.findByTestId("check-tokenValid");
    await user.click(within(tokenValid).getByRole("button", { name: "Token valid: the read of debug_token: copy as curl" }));
    expect(await within(tokenValid).findByRole("status")).toHaveTextContent("Copied: the token is $WA_TOKEN, set it in your shell.");
    expect(clipboard.written).toHaveLength(1);
    const [debug] = clipboard.written;
    expect(debug).toMatch(/^curl -X GET "http:\/\/127\.0\.0\.1:\d+\/v27\.0\/debug_token\?input_token=\$WA_TOKEN" -H "Authorization: Bearer \$WA_TOKEN"$/);
    expect(debug).not.toContain(SANDBOX_TOKEN);

    // The check judged from the number copies the number's read, with the fields the doctor asked for.
    const registered = screen.getByTestId("check-registered");
    await user.click(within(registered).getByTestId("copy-curl-phoneNumber-copy"));
    await within(registered).findByRole("status");
    expect(clipboard.written[1]).toContain(`/v27.0/${OWN}?fields=`);
    expect(clipboard.written[1]).toContain("status%2Ccode_verification_status");

    // The token check that also read the WABA offers both reads, told apart.
    const access = screen.getByTestId("check-tokenWabaAccess");
    expect(within(access).getAllByRole("button", { name: /copy as curl$/ }).map((b) => b.textContent)).toEqual([
      "Copy debug_token as curl",
      "Copy the WABA as curl",
    ]);
    // Local checks made no Graph call.
    expect(within(screen.getByTestId("check-apiVersion")).queryByTestId(/^copy-curl-/)).not.toBeInTheDocument();
    expect(within(screen.getByTestId("check-statusWebhook")).queryByTestId(/^copy-curl-/)).not.toBeInTheDocument();
  });

  it("shows the command before copying it, and copies it from the dialog", async () => {
    const { user } = renderApp({ route: "/doctor", withToken: true });
    const clipboard = stubClipboard();
    await user.click(await screen.findByTestId("doctor-run", {}, { timeout: 5000 }));

    const subscribed = await screen.findByTestId("check-wabaSubscribed");
    await user.click(within(subscribed).getByRole("button", { name: "WABA subscribed to the app: the read of subscribed_apps: show the curl command" }));
    const dialog = await screen.findByTestId("copy-curl-subscribedApps-dialog");
    const command = await within(dialog).findByTestId("copy-curl-subscribedApps-command");
    expect(command).toHaveTextContent(/^curl -X GET 'http:\/\/127\.0\.0\.1:\d+\/v27\.0\/102290129340398\/subscribed_apps' -H "Authorization: Bearer \$WA_TOKEN"$/);
    expect(clipboard.written).toEqual([]);

    await user.click(within(dialog).getByTestId("copy-curl-subscribedApps-dialog-copy"));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Copied: the token is $WA_TOKEN");
    expect(clipboard.written).toEqual([command.textContent]);
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("copy-curl-subscribedApps-dialog")).not.toBeInTheDocument();
  });

  it("opens the command to copy by hand when the clipboard refuses", async () => {
    const { user } = renderApp({ route: "/doctor", withToken: true });
    stubClipboard({ refuse: true });
    await user.click(await screen.findByTestId("doctor-run", {}, { timeout: 5000 }));

    const templates = await screen.findByTestId("check-approvedTemplate");
    await user.click(within(templates).getByTestId("copy-curl-templates-copy"));
    const dialog = await screen.findByTestId("copy-curl-templates-dialog");
    expect(within(dialog).getByRole("status")).toHaveTextContent("The clipboard is not available here: select the command in the dialog and copy it yourself.");
    expect(within(dialog).getByTestId("copy-curl-templates-command")).toHaveTextContent("/message_templates?fields=id%2Cname%2Cstatus%2Clanguage%2Crejected_reason");
  });
});
