// The check behind `make test`: no CSS that the app serves may use a feature that one of the
// browsers in package.json's "browserslist" lacks, unless it stands behind an @supports that
// tests that very feature (the fallbacks that postcss.config.mjs writes put them there).
// Usage: node tools/css/check-support.mjs DIR_OR_FILE...

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

import browserslist from "browserslist";
import doiuse from "doiuse";
import postcss from "postcss";

/** What an @supports condition must contain to guard a use of the feature (doiuse's names). */
const GUARDS = {
  "css-lch-lab": ["oklch(", "lch(", "lab("],
  "css-has": ["selector(:has("],
  "css-focus-visible": ["selector(:focus-visible)"],
  "css-color-function": ["color("],
  "color-mix": ["color-mix("],
};

/** Gaps that do not change what a person can read or do, each with the reason. */
const HARMLESS = {
  "css-scroll-behavior": "Safari 15.0–15.3 jumps to an anchor instead of scrolling there",
};

/** Values of a partly supported feature that the old browsers do have, each with the reason. */
const SUPPORTED_VALUES = {
  // Safari 15 lacks only `overflow: clip` and the two-value form.
  "css-overflow": /^(visible|hidden|scroll|auto)(\s*!important)?$/,
  // Safari before 16 lacks only `stretch`; it has had fit-, min- and max-content since 11.
  "intrinsic-width": /^(fit|min|max)-content(\s*!important)?$/,
};

/** color-mix() has no entry in caniuse-lite, so doiuse cannot see it: Chrome 111, Firefox
 * 113 and Safari 16.2 were the first to have it, after every browser the app promises. */
const COLOR_MIX = /\bcolor-mix\(/;

function cssFiles(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => cssFiles(join(path, name)))
    .filter((file) => file.endsWith(".css"));
}

function guarded(node, feature) {
  const markers = GUARDS[feature] ?? [];
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === "atrule" && parent.name === "supports") {
      const condition = parent.params;
      if (!/^\s*not\b/.test(condition) && markers.some((m) => condition.includes(m))) {
        return true;
      }
    }
  }
  return false;
}

/** The newest version of each browser in the selection ("chrome" → "158"). */
function newestVersions(browsers) {
  const newest = {};
  for (const entry of browsers) {
    const [agent, version] = entry.split(" ");
    const number = parseFloat(version.split("-").pop());
    if (!(agent in newest) || number > parseFloat(newest[agent].split("-").pop())) {
      newest[agent] = version;
    }
  }
  return newest;
}

/**
 * The browsers whose old versions lack what their newest has: a gap that the newest version
 * shares (::marker in Safari, cursors on iOS) is how the feature is, not an old browser's
 * fault. Prefixed support ("y x") counts as support: autoprefixer writes the prefixed twin.
 */
function oldGaps(featureData, newest) {
  const lacking = { ...(featureData.missingData ?? {}) };
  for (const [agent, versions] of Object.entries(featureData.partialData ?? {})) {
    lacking[agent] = { ...(lacking[agent] ?? {}), ...versions };
  }
  const stats = featureData.caniuseData.stats;
  return Object.entries(lacking)
    .filter(([agent, versions]) => !(newest[agent] in versions))
    .filter(([agent]) => /(^|\s)y(\s|$)/.test(stats[agent]?.[newest[agent]] ?? ""))
    .map(([agent, versions]) => `${agent} ${Object.keys(versions).join(", ")}`);
}

/** A declaration that autoprefixer also wrote with -webkit- (CSS masks in Chrome 109). */
function hasPrefixedTwin(node) {
  if (node.type !== "decl" || !node.parent) return false;
  const name = node.prop.replace(/^-webkit-/, "");
  const twin = node.prop === name ? `-webkit-${name}` : name;
  return node.parent.some((other) => other.type === "decl" && other.prop === twin);
}

function where(file, node) {
  const start = node.source?.start;
  return `${relative(process.cwd(), file)}:${start ? start.line : "?"}`;
}

async function problemsIn(file, browsers, newest) {
  const problems = [];
  const record = (node, feature, message) => {
    if (!guarded(node, feature)) problems.push(`${where(file, node)}: ${message}`);
  };
  const check = doiuse({
    browsers,
    onFeatureUsage({ feature, featureData, usage }) {
      if (feature in HARMLESS || hasPrefixedTwin(usage)) return;
      if (SUPPORTED_VALUES[feature]?.test(usage.value ?? "")) return;
      const gaps = oldGaps(featureData, newest);
      if (gaps.length) {
        record(usage, feature, `${featureData.title}: not in ${gaps.join("; ")} (${feature})`);
      }
    },
  });
  const css = readFileSync(file, "utf8");
  const result = await postcss([check]).process(css, { from: file });
  result.root.walkDecls((decl) => {
    if (COLOR_MIX.test(decl.value)) {
      record(decl, "color-mix", "color-mix() not supported by any of them (color-mix)");
    }
  });
  return problems;
}

const browsers = browserslist();
const newest = newestVersions(browsers);
const files = process.argv.slice(2).flatMap(cssFiles);
if (files.length === 0) {
  console.error("check-support: no CSS files found");
  process.exit(2);
}
const found = await Promise.all(files.map((file) => problemsIn(file, browsers, newest)));
const problems = found.flat();
for (const problem of problems) console.error(problem);
console.log(
  `CSS support (${browserslist.loadConfig({ path: "." }).join(", ")}): ${files.length} files, ` +
    `${problems.length} unguarded uses of unsupported features`,
);
process.exit(problems.length ? 1 : 0);
