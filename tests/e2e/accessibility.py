"""Accessibility checks run in the browser: axe-core (pinned in tests/e2e/axe/package.json,
installed by `make axe`) and the structural checks axe leaves to people (one h1, landmarks,
language, reflow, target size)."""

from pathlib import Path

from playwright.sync_api import Page

HERE = Path(__file__).resolve().parent
AXE_SCRIPT = HERE / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Each exception names the rule, the element and why axe is wrong there; a person checked it.
# (None today.)
FALSE_POSITIVES: dict[str, str] = {}

_RUN_AXE = """
async ([tags, skipped]) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    nodes: v.nodes
      .filter((n) => !skipped.some((s) => n.target.join(" ").includes(s)))
      .map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\\s+/g, " ")),
  })).filter((v) => v.nodes.length);
}
"""


def axe_violations(page: Page) -> list[dict]:
    """The WCAG 2.0/2.1/2.2 A and AA violations axe finds on the page as it is now."""
    if not AXE_SCRIPT.exists():
        raise AssertionError(f"{AXE_SCRIPT} is missing: run `make axe` (npm ci in tests/e2e/axe)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(_RUN_AXE, [WCAG_TAGS, list(FALSE_POSITIVES)])


# What a screen reader user relies on and axe does not check (or checks only in part).
_STRUCTURE = (HERE / "axe" / "structure.js").read_text()


def structure_problems(page: Page) -> list[str]:
    return page.evaluate(_STRUCTURE)


# WCAG 1.4.10: nothing wider than the screen but a table inside its own scroll area; 2.5.8:
# every target at least 24×24 CSS px, or spaced so a 24 px circle around it touches no other
# (inline links inside a sentence are exempt).
_REFLOW = (HERE / "axe" / "reflow.js").read_text()


def reflow_problems(page: Page) -> list[str]:
    return page.evaluate(_REFLOW)
