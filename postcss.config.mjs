// The build of the CSS that the app serves (`make assets`): fallbacks for the browsers named
// in package.json's "browserslist" (the oldest the app promises to work in, docs/design.md).
import postcssPresetEnv from "postcss-preset-env";

import { focusVisibleFallback, guardHas } from "./tools/css/guard-selectors.mjs";
import { resolveColourVariables } from "./tools/css/resolve-colour-variables.mjs";

export default {
  plugins: [
    resolveColourVariables({ theme: ".kern-light" }),
    focusVisibleFallback(),
    guardHas(),
    // rgb() for oklch() and color-mix(), vendor prefixes (mask on Chrome 109); the polyfills
    // that need JavaScript in the page stay off: the guards above do their work.
    postcssPresetEnv({
      features: {
        "focus-visible-pseudo-class": false,
        "has-pseudo-class": false,
      },
    }),
  ],
};
