// The settings page's own safety of the signed-in person, beside "Passwort ändern": where they are
// signed in, and two-factor log-in with an authenticator app.

import { startSessions } from "./sessions.js";
import { startTwoFactor } from "./two-factor.js";

startSessions();
startTwoFactor();
