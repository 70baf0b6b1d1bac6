"""The CSS build and its check as a developer meets them (`make assets`, `make css-support`).

A small stylesheet in the ways KERN UX writes it goes through the real build
(postcss.config.mjs) and the real check (tools/css/check-support.mjs) under Node: what Chrome
109, Firefox ESR 115 and Safari 15 lack comes out as a fallback or behind an @supports, and
the check names every unguarded use by file and line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from testsupport import ROOT

POSTCSS = ROOT / "node_modules" / ".bin" / "postcss"
CHECK = ROOT / "tools" / "css" / "check-support.mjs"

#: KERN's ways of writing what the old browsers lack, one per block, on known lines.
MODERN = """\
:root { --blue: oklch(42.84% 0.1689 265.02) }
.kern-light{--hover:92%;--shade:color-mix(in oklch,var(--blue),black calc(100% - var(--hover)))}
.kern-btn:focus, .kern-btn:focus-visible { outline: 4px solid var(--blue); }
.kern-card:has(.kern-link:hover), .kern-card--active { background: #fff; }
"""


def node_or_skip() -> str:
    """Node and the npm packages; missing fails in CI (make assets installs them), else skips."""
    node = shutil.which("node")
    if node and POSTCSS.exists():
        return node
    message = "node or the npm packages are missing (make assets)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def check(node: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node, str(CHECK), str(path)], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """The node binary, the stylesheet as written and as the build writes it."""
    node = node_or_skip()
    folder = tmp_path_factory.mktemp("css")
    source, output = folder / "kern.css", folder / "built" / "kern.css"
    source.write_text(MODERN, encoding="utf-8")
    subprocess.run(
        [str(POSTCSS), str(source), "-o", str(output), "--no-map", "--config", str(ROOT)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return node, source, output


def block(css: str, condition: str) -> str:
    """The text of the `@supports condition { … }` block (one level of nested braces)."""
    match = re.search(re.escape(f"@supports {condition}") + r"\s*\{((?:[^{}]|\{[^{}]*\})*)\}", css)
    assert match, f"no @supports {condition} in:\n{css}"
    return match.group(1)


def outside_supports(css: str) -> str:
    return re.sub(r"@supports[^{]*\{(?:[^{}]|\{[^{}]*\})*\}", "", css)


def test_oklch_and_mixed_colours_get_rgb_values_for_chrome_109(built) -> None:
    _, _, output = built
    css = output.read_text(encoding="utf-8")
    plain = outside_supports(css)
    assert re.search(r"--blue:\s*rgb\(", plain)
    assert re.search(r"--shade:\s*rgb\(", plain), "the mix of custom properties has no fallback"
    assert "oklch" not in plain and "color-mix" not in plain
    modern = block(css, "(color: oklch(0% 0 0)) and (color: color-mix(in oklch, red, red))")
    assert "--shade:color-mix(in oklch,var(--blue)" in modern


def test_focus_visible_falls_back_to_focus_for_safari_15(built) -> None:
    _, _, output = built
    css = output.read_text(encoding="utf-8")
    assert ".kern-btn:focus {" in outside_supports(css)
    assert ":focus-visible" in block(css, "selector(:focus-visible)")
    fallback = block(css, "not selector(:focus-visible)")
    assert ".kern-btn:focus" in fallback and ":focus-visible" not in fallback


def test_has_stays_behind_a_guard_and_its_neighbours_keep_working(built) -> None:
    _, _, output = built
    css = output.read_text(encoding="utf-8")
    assert ".kern-card--active" in outside_supports(css)
    assert ":has(" not in outside_supports(css)
    assert ".kern-card:has(.kern-link:hover)" in block(css, "selector(:has(*))")


def test_the_check_names_each_unguarded_feature_by_file_and_line(built) -> None:
    node, source, _ = built
    result = check(node, source)
    assert result.returncode == 1
    found = {
        (line, feature)
        for line, feature in re.findall(r"kern\.css:(\d+): .*\((\S+)\)$", result.stderr, re.M)
    }
    assert {
        ("1", "css-lch-lab"),
        ("2", "color-mix"),
        ("3", "css-focus-visible"),
        ("4", "css-has"),
    } <= found, result.stderr


def test_the_check_passes_what_the_build_wrote(built) -> None:
    node, _, output = built
    result = check(node, output)
    assert result.returncode == 0, result.stderr
    assert "0 unguarded uses" in result.stdout
