// `oklch()` and `color-mix()` that take their arguments from custom properties cannot be
// turned into rgb() by postcss-preset-env: it does not know the properties' values. Chrome
// 109 then drops the whole declaration (no button hover shade, no shadow). This plugin writes
// such a declaration once more with the properties' values put in, which preset-env then
// converts, and keeps the original behind an @supports for the browsers that have both
// functions. The values come from the same rule, else from `:root`, else from the light theme:
// the app always renders KERN's light theme (`<body class="kern-light">`).

const COLOUR_FUNCTION = /\b(oklch|color-mix)\(/;
const MODERN = "(color: oklch(0% 0 0)) and (color: color-mix(in oklch, red, red))";
const MAX_DEPTH = 10;

/** The index just past the parenthesis that closes the one opened at `open`. */
function closing(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === "(") depth += 1;
    if (text[i] === ")") {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** `value` with every `var(--name[, fallback])` replaced; null where a name has no value. */
function substitute(value, lookup, depth = 0) {
  if (depth > MAX_DEPTH) return null;
  let out = "";
  let at = 0;
  for (let start = value.indexOf("var(", at); start !== -1; start = value.indexOf("var(", at)) {
    const end = closing(value, start + 3);
    if (end === -1) return null;
    const inner = value.slice(start + 4, end - 1);
    const comma = inner.indexOf(",");
    const name = (comma === -1 ? inner : inner.slice(0, comma)).trim();
    let replacement = lookup(name);
    if (replacement === undefined && comma !== -1) replacement = inner.slice(comma + 1).trim();
    if (replacement === undefined) return null;
    const resolved = substitute(replacement, lookup, depth + 1);
    if (resolved === null) return null;
    out += value.slice(at, start) + resolved;
    at = end;
  }
  return out + value.slice(at);
}

/** The custom properties declared directly in the rules matching `selector` at the top level. */
function declaredIn(root, selector) {
  const values = new Map();
  root.each((node) => {
    if (node.type === "rule" && node.selectors.some((s) => s.trim() === selector)) {
      node.each((decl) => {
        if (decl.type === "decl" && decl.prop.startsWith("--")) values.set(decl.prop, decl.value);
      });
    }
  });
  return values;
}

function ownValues(rule) {
  const values = new Map();
  rule.each((decl) => {
    if (decl.type === "decl" && decl.prop.startsWith("--")) values.set(decl.prop, decl.value);
  });
  return values;
}

/** @param {{theme?: string}} options the selector of the theme the app renders */
export function resolveColourVariables(options = {}) {
  const theme = options.theme ?? ".kern-light";
  return {
    postcssPlugin: "surveyapp-resolve-colour-variables",
    Once(root, { postcss }) {
      const rootValues = declaredIn(root, ":root");
      const themeValues = declaredIn(root, theme);
      root.walkRules((rule) => {
        if (rule.parent.type === "atrule" && rule.parent.params === MODERN) return;
        const own = ownValues(rule);
        const lookup = (name) => own.get(name) ?? rootValues.get(name) ?? themeValues.get(name);
        const originals = [];
        rule.each((decl) => {
          const computed = decl.type === "decl" && COLOUR_FUNCTION.test(decl.value);
          if (!computed || !decl.value.includes("var(")) return;
          const resolved = substitute(decl.value, lookup);
          if (resolved === null) return;
          originals.push(decl.clone());
          decl.value = resolved;
        });
        if (originals.length) {
          const modern = postcss.atRule({ name: "supports", params: MODERN });
          modern.append(rule.clone({ nodes: originals }));
          rule.after(modern);
        }
      });
    },
  };
}
resolveColourVariables.postcss = true;
