// "Copy as curl" on the Numbers page: the PIN, ownership code, register and deregister calls copied as the exact
// commands, every secret a shell variable ($WA_TOKEN, $WA_PIN), the code as typed, and a code not typed yet explained.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { stubClipboard } from "../../test/clipboard";
import { renderApp } from "../../test/renderApp";

const OWN = "106540352242922";
const NUMBER_URL = `http://127.0.0.1:\\d+/v27.0/${OWN}`;

describe("Numbers: copy as curl", () => {
  it("copies each number action with the PIN as $WA_PIN and says which variables to set", async () => {
    const { user } = renderApp({ route: "/numbers", withToken: true });
    const clipboard = stubClipboard();
    /** Copies with the button `testId` and answers the command it put on the clipboard, once its feedback shows. */
    async function copied(testId: string, feedback: string) {
      const button = screen.getByTestId(testId);
      await user.click(within(button).getByTestId(`${testId}-copy`));
      expect(await within(button).findByRole("status")).toHaveTextContent(feedback);
      return clipboard.written[clipboard.written.length - 1];
    }

    const pinCard = await screen.findByTestId("pin-card", {}, { timeout: 5000 });
    await user.type(within(pinCard).getByTestId("pin-input"), "135790");
    expect(within(pinCard).getByRole("button", { name: "Set the PIN: copy as curl" })).toBeEnabled();
    const setPin = await copied("copy-curl-set-pin", "Copied: the token is $WA_TOKEN, set it in your shell; also set $WA_PIN (the number's six-digit PIN).");
    expect(setPin).toMatch(new RegExp(`^curl -X POST '${NUMBER_URL}' -H "Authorization: Bearer \\$WA_TOKEN" -H 'Content-Type: application/json' -d '\\{"pin":"'"\\$WA_PIN"'"\\}'$`));
    // What was typed never reaches the command.
    expect(setPin).not.toContain("135790");

    const requestCode = await copied("copy-curl-request-code", "Copied: the token is $WA_TOKEN, set it in your shell.");
    expect(requestCode).toMatch(new RegExp(`${NUMBER_URL}/request_code' .* -d '\\{"code_method":"SMS","language":"en_US"\\}'$`));

    await user.type(screen.getByTestId("verify-code-input"), "123 456");
    const verifyCode = await copied("copy-curl-verify-code", "Copied: the token is $WA_TOKEN, set it in your shell.");
    expect(verifyCode).toMatch(new RegExp(`${NUMBER_URL}/verify_code' .* -d '\\{"code":"123456"\\}'$`));

    const register = await copied("copy-curl-register", "also set $WA_PIN");
    expect(register).toMatch(new RegExp(`${NUMBER_URL}/register' .* -d '\\{"messaging_product":"whatsapp","pin":"'"\\$WA_PIN"'"\\}'$`));

    const deregister = await copied("copy-curl-deregister", "Copied: the token is $WA_TOKEN, set it in your shell.");
    expect(deregister).toMatch(new RegExp(`^curl -X POST '${NUMBER_URL}/deregister' .* -d '\\{\\}'$`));
    expect(clipboard.written).toHaveLength(5);
  });

  it("explains a code that is not typed yet instead of copying a call Meta would refuse", async () => {
    const { user } = renderApp({ route: "/numbers", withToken: true });
    const clipboard = stubClipboard();

    const ownership = await screen.findByTestId("ownership-card", {}, { timeout: 5000 });
    await user.click(within(ownership).getByTestId("copy-curl-verify-code-copy"));
    const dialog = await screen.findByTestId("copy-curl-verify-code-dialog");
    expect(dialog).toHaveTextContent("Enter the digits of the code Meta sent by SMS or voice call.");
    expect(within(dialog).getByTestId("copy-curl-verify-code-dialog-copy")).toBeDisabled();
    expect(clipboard.written).toEqual([]);
  });
});
