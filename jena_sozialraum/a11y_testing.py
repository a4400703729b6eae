"""Accessibility checks for the browser tests: axe-core against WCAG 2.0/2.1 A and AA.

Used only by tests (axe-playwright-python is a development dependency).
"""

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
LANGUAGE_PREFIXES = {"de": "", "en": "/en"}


def describe(violations: list[dict]) -> str:
    """One block per violation with impact, help and the offending nodes, for a failure text."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page, axe, language: str) -> None:
    """The page declares its language, has one h1 and one main, and axe finds no violation."""
    assert page.locator("html").get_attribute("lang") == language
    # Best-practice rules outside the WCAG tags that our base template promises.
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1
    problems = describe(axe.run(page, options=AXE_OPTIONS).response["violations"])
    assert not problems, problems
