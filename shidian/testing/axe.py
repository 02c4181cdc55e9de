"""axe-core in the browser tests: audit a page for WCAG 2.1 A/AA violations.

    from shidian.testing.axe import audit, AxeReport

    violations = audit(page)          # serious and critical ones, as plain dicts
    report = AxeReport("公众")         # or accumulate over the pages of a journey
    report.check(page, "门户首页")     # audits page.url, keeps the result
    report.write()                    # appends to test-results/axe-report.md
    assert not report.failures, report.describe_failures()

axe-core is vendored under ``shidian/testing/vendor/`` (see its README) and never served by
the app: it is injected into the page under test. The app's Content-Security-Policy allows no
inline script, so ``page.add_script_tag(content=...)`` would be refused; the source is
evaluated through the DevTools protocol instead (``page.evaluate``), which the page's CSP does
not govern, so the page is audited exactly as a visitor gets it, under its real CSP.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
SEVERE = ("serious", "critical")
# make guide writes the report into docs/ (SHIDIAN_AXE_REPORT); make test into test-results/.
REPORT = Path(os.environ.get("SHIDIAN_AXE_REPORT") or "test-results/axe-report.md")

_RUN = """async ({tags, severe}) => {
  const results = await window.axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  const count = (r) => ({id: r.id, impact: r.impact, nodes: r.nodes.length});
  return {
    version: window.axe.version,
    passes: results.passes.length,
    lesser: results.violations.filter((v) => !severe.includes(v.impact)).map(count),
    // resultTypes keeps one node per rule for results other than violations: names only.
    incomplete: results.incomplete.map((r) => ({id: r.id, impact: r.impact})),
    violations: results.violations
      .filter((v) => severe.includes(v.impact))
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        tags: v.tags,
        nodes: v.nodes.map((n) => ({
          target: n.target.map(String),
          html: n.html,
          summary: n.failureSummary,
        })),
      })),
  };
}"""


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def _inject(page) -> None:
    loaded = "() => typeof window.axe === 'object'"
    if not page.evaluate(loaded):
        page.evaluate(axe_source())
        if not page.evaluate(loaded):
            raise RuntimeError(f"axe-core did not load into {page.url}")


def run(page) -> dict:
    """Inject axe-core if the page has not got it and run it. Returns ``version``, the number
    of rules ``passes``, the serious and critical ``violations`` in full, and the ids and node
    counts of the ``lesser`` violations and the ids of the ``incomplete`` rules (what axe could
    not decide and leaves to a person)."""
    _inject(page)
    return page.evaluate(_RUN, {"tags": list(TAGS), "severe": list(SEVERE)})


def audit(page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    return run(page)["violations"]


def format_violations(violations: list[dict], limit: int = 5) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({len(violation['nodes'])} element(s))"
        )
        for node in violation["nodes"][:limit]:
            lines.append(f"      {' '.join(node['target'])}  {node['html'][:160]}")
            summary = " ".join((node.get("summary") or "").split())
            if summary:
                lines.append(f"        {summary[:300]}")
        if len(violation["nodes"]) > limit:
            lines.append(f"      … {len(violation['nodes']) - limit} more")
    return "\n".join(lines)


@dataclass
class Checked:
    role: str
    name: str
    path: str
    passes: int
    violations: list[dict]
    lesser: list[dict] = field(default_factory=list)
    incomplete: list[dict] = field(default_factory=list)


@dataclass
class AxeReport:
    """The pages one role visits, audited one by one and reported together."""

    role: str
    checked: list[Checked] = field(default_factory=list)
    version: str = ""

    def check(self, page, name: str) -> list[dict]:
        outcome = run(page)
        self.version = outcome["version"]
        parts = urlsplit(page.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.checked.append(
            Checked(
                self.role,
                name,
                path,
                outcome["passes"],
                outcome["violations"],
                outcome["lesser"],
                outcome["incomplete"],
            )
        )
        return outcome["violations"]

    @property
    def failures(self) -> list[Checked]:
        return [c for c in self.checked if c.violations]

    def describe_failures(self) -> str:
        blocks = [
            f"{c.name} ({c.path}): serious or critical axe-core violations\n"
            + format_violations(c.violations)
            for c in self.failures
        ]
        return f"{self.role}: " + "\n".join(blocks)

    def markdown(self) -> str:
        lines = [
            f"## {self.role}",
            "",
            "| Page | Path | Rules passed | Serious/critical violations | Moderate/minor |"
            " To review by hand |",
            "|---|---|---:|---|---|---|",
        ]
        for c in self.checked:
            found = _counts(c.violations, lambda v: len(v["nodes"]))
            lesser = _counts(c.lesser, lambda v: v["nodes"])
            review = ", ".join(v["id"] for v in c.incomplete) or "none"
            lines.append(f"| {c.name} | `{c.path}` | {c.passes} | {found} | {lesser} | {review} |")
        for c in self.failures:
            lines += ["", f"### {c.name} `{c.path}`", "", "```", format_violations(c.violations)]
            lines += ["```"]
        return "\n".join(lines) + "\n"

    def write(self, path: Path = REPORT) -> Path:
        """Append this role's section to the report (the first section of a run, or of an
        xdist worker's file, starts it afresh)."""
        path = _worker_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path not in _written
        _written.add(path)
        with path.open("w" if fresh else "a", encoding="utf-8") as out:
            if fresh:
                out.write(
                    "# axe-core report\n\n"
                    f"axe-core {self.version}, rules tagged {', '.join(TAGS)}; a page fails on "
                    f"any violation of impact {' or '.join(SEVERE)}. Moderate and minor "
                    "violations are listed, not failed; “to review by hand” names the rules "
                    "axe could not decide for some element (docs/accessibility.md).\n\n"
                )
            out.write(self.markdown() + "\n")
        return path


_written: set[Path] = set()


def _counts(results: list[dict], nodes) -> str:
    return ", ".join(f"{r['id']} ({nodes(r)})" for r in results) or "none"


def _worker_path(path: Path) -> Path:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return path.with_name(f"{path.stem}-{worker}{path.suffix}") if worker else path
