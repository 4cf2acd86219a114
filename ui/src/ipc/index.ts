// Public face of the IPC layer: typed commands and error helpers; the rest of the app imports only from here.
export * as ipc from "./commands";
export { fieldErrors, toCommandError } from "./errors";
export type { WebviewErrorKind } from "./commands";
