// A PostCSS plugin (champions/components/theme.py adds it to the build's postcss.config.js):
// Radix Themes' components.css carries the styles of all its components, about 430 KB before
// compression; this keeps the rules of the components the built app imports.
//
// Which components: the names the compiled pages import from "@radix-ui/themes" (the .js/.jsx
// files Reflex writes into .web), with every Radix component those use in turn (Table renders a
// ScrollArea, Button a Spinner...), found by following the imports of Radix's own modules and
// collecting the `rt-` class names they write. A selector naming a class of any other component
// is dropped (it can only match an element no page renders). If anything is not as expected (an
// import of another form, a component module not found), nothing is dropped.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const WEB = path.dirname(fileURLToPath(import.meta.url));
const SOURCES = ["app", "app_components", "components", "utils"];
const PACKAGE = "@radix-ui/themes";
const COMPONENTS_CSS = `${PACKAGE}/components.css`;
const NAMED_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']@radix-ui\/themes["']/g;
const ANY_IMPORT = /from\s*["']@radix-ui\/themes(?:\/[^"']*)?["']|import\s*\(\s*["']@radix-ui\/themes/g;
const CLASS = /rt-[A-Z][A-Za-z]*/g;

function* sourceFiles(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(js|jsx)$/.test(entry.name) && full !== fileURLToPath(import.meta.url)) yield full;
  }
}

// The component names imported from Radix Themes by the compiled app; null when some import
// is of a form this does not read.
function importedNames() {
  const names = new Set();
  for (const dir of SOURCES) {
    for (const file of sourceFiles(path.join(WEB, dir))) {
      const text = fs.readFileSync(file, "utf8");
      const named = [...text.matchAll(NAMED_IMPORT)];
      if ((text.match(ANY_IMPORT) || []).length !== named.length) return null;
      for (const match of named) {
        for (const part of match[1].split(",")) {
          const name = part.trim().split(/\s+as\s+/)[0];
          if (name) names.add(name);
        }
      }
    }
  }
  return names;
}

// Every `rt-Pascal` class written by the modules of `names` and the modules they import; null
// when a component's module is missing.
function usedClasses(names) {
  const require = createRequire(path.join(WEB, "package.json"));
  const dist = path.join(path.dirname(require.resolve(`${PACKAGE}/package.json`)), "dist", "esm", "components");
  const pending = [];
  for (const name of names) {
    const file = path.join(dist, `${name.replace(/(?<!^)([A-Z])/g, "-$1").toLowerCase()}.js`);
    if (!fs.existsSync(file)) return null;
    pending.push(file);
  }
  const seen = new Set();
  const classes = new Set();
  while (pending.length) {
    const file = pending.pop();
    if (seen.has(file) || !fs.existsSync(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, "utf8");
    for (const found of text.match(CLASS) || []) classes.add(found);
    for (const match of text.matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      pending.push(path.resolve(path.dirname(file), match[1]));
    }
  }
  return classes;
}

function fromComponentsCss(node) {
  const file = node.source && node.source.input && node.source.input.file;
  return Boolean(file) && file.split(path.sep).join("/").endsWith(COMPONENTS_CSS);
}

const plugin = () => ({
  postcssPlugin: "champions-radix-components-css",
  OnceExit(root) {
    let keep;
    root.walkRules((rule) => {
      if (!fromComponentsCss(rule)) return;
      if (rule.parent && rule.parent.type === "atrule" && /keyframes$/.test(rule.parent.name)) return;
      if (keep === undefined) {
        const names = importedNames();
        keep = names && usedClasses(names);
      }
      if (!keep) return;
      const selectors = rule.selectors.filter((selector) =>
        (selector.match(CLASS) || []).every((name) => keep.has(name)),
      );
      if (selectors.length === 0) rule.remove();
      else if (selectors.length !== rule.selectors.length) rule.selectors = selectors;
    });
    // At-rules (@media, @supports) left empty.
    let removed = true;
    while (removed) {
      removed = false;
      root.walkAtRules((atRule) => {
        if (fromComponentsCss(atRule) && atRule.nodes && atRule.nodes.length === 0) {
          atRule.remove();
          removed = true;
        }
      });
    }
  },
});
plugin.postcss = true;
export default plugin;
