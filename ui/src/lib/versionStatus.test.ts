// What the console's version table says of a version string: its own entry, "newer" past the table, else "unknown".
import { describe, expect, it } from "vitest";
import { recordedAnswer } from "../test/replay";
import { describeVersion, VERSION_STATUS } from "./versionStatus";

describe("describeVersion", () => {
  const table = recordedAnswer("app_info", {}).apiVersions;

  it("answers the table's own entry for a listed version", () => {
    expect(describeVersion("v21.0", table)).toBe(table.find((v) => v.name === "v21.0"));
  });

  it("calls a version past the table newer, with no dates, and one below it unknown", () => {
    expect(describeVersion("v28.0", table)).toEqual({ name: "v28.0", released: null, availableUntil: null, status: "newer" });
    expect(VERSION_STATUS[describeVersion("v28.0", table).status].label).toBe("Newer than this console knows");
    expect(describeVersion("v16.0", table).status).toBe("unknown");
    expect(describeVersion("latest", table).status).toBe("unknown");
  });
});
