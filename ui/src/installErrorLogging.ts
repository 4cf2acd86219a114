// Imported first by main.tsx, so the handlers are in place before any other module of the app runs.
import { installWebviewErrorLogging } from "./lib/webviewErrors";

installWebviewErrorLogging();
