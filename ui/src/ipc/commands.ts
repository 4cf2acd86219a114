// The only module that talks to Tauri: one typed function per backend command; every rejection becomes a CommandError.
import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { AppInfo } from "../bindings/AppInfo";
import type { Checklist } from "../bindings/Checklist";
import type { NewProfile } from "../bindings/NewProfile";
import type { Profile } from "../bindings/Profile";
import type { ProfileList } from "../bindings/ProfileList";
import type { SandboxInfo } from "../bindings/SandboxInfo";
import type { SetScenarioRequest } from "../bindings/SetScenarioRequest";
import type { SetTokenRequest } from "../bindings/SetTokenRequest";
import type { TokenReport } from "../bindings/TokenReport";
import { toCommandError } from "./errors";

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (rejection) {
    throw toCommandError(rejection);
  }
}

export const appInfo = () => call<AppInfo>("app_info");
export const listProfiles = () => call<ProfileList>("list_profiles");
export const addProfile = (profile: NewProfile) => call<Profile>("add_profile", { profile });
export const removeProfile = (profileId: string) => call<null>("remove_profile", { profileId });
export const setActiveProfile = (profileId: string) => call<null>("set_active_profile", { profileId });
export const sandboxInfo = () => call<SandboxInfo>("sandbox_info");
export const setSandboxScenario = (request: SetScenarioRequest) => call<Profile>("set_sandbox_scenario", { request });
/** The token goes straight to the backend (keychain); it is never stored or logged here. */
export const setToken = (request: SetTokenRequest) => call<TokenReport>("set_token", { request });
export const clearToken = (profileId: string) => call<null>("clear_token", { profileId });
/** Runs the live token check, so it can take a second or more. */
export const getChecklist = (profileId: string) => call<Checklist>("get_checklist", { profileId });
