import { initAll as initGovuk } from "./govuk-frontend.min.js";
import { initAll as initMoj } from "./moj-frontend.min.js";
import { startSessionTimeout } from "./session-timeout.mjs";

initGovuk();
initMoj();
startSessionTimeout(document.getElementById("session-timeout"));
