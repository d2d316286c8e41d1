"""Issue 13, ship less: the pages load Radix Themes' tokens for the colour scales the product
uses, not all 30 of them (rxconfig.PageRadixThemes). A colour a screen names without its
scale would show no colour at all: every scale named in the code is in THEME_COLORS."""

from __future__ import annotations

import re
from pathlib import Path

import rxconfig

ROOT = Path(__file__).resolve().parent.parent
RADIX_SCALES = ("tomato", "red", "ruby", "crimson", "pink", "plum", "purple", "violet", "iris",
                "indigo", "blue", "cyan", "teal", "jade", "green", "grass", "brown", "orange",
                "sky", "mint", "lime", "yellow", "amber", "gold", "bronze", "gray", "mauve",
                "slate", "sage", "olive", "sand")
SCALE = "|".join(RADIX_SCALES)
NAMED = re.compile(rf"""["']({SCALE})["']""")
CSS_VAR = re.compile(rf"var\(--({SCALE})-a?\d+\)|--({SCALE})-a?\d+\s*:")


def _named_in_code() -> set[str]:
    found = set()
    for path in (ROOT / "counter").rglob("*.py"):
        found |= set(NAMED.findall(path.read_text(encoding="utf-8")))
    for path in (ROOT / "assets").rglob("*.css"):
        for pair in CSS_VAR.findall(path.read_text(encoding="utf-8")):
            found |= {name for name in pair if name}
    return found


def test_every_colour_scale_a_screen_names_is_shipped():
    named = _named_in_code()
    assert {"teal", "red", "green"} <= named  # the scan sees the product's colours
    assert named <= set(rxconfig.THEME_COLORS), sorted(named - set(rxconfig.THEME_COLORS))


def test_the_stylesheet_is_radix_in_parts_with_only_those_scales():
    paths = rxconfig.PageRadixThemes().get_stylesheet_paths()
    assert paths[0] == "@radix-ui/themes/tokens/base.css"
    assert paths[-2:] == ("@radix-ui/themes/components.css", "@radix-ui/themes/utilities.css")
    scales = [path.rsplit("/", 1)[1].removesuffix(".css") for path in paths[1:-2]]
    assert scales == list(rxconfig.THEME_COLORS)
    assert len(scales) < len(RADIX_SCALES) / 3
    assert "@radix-ui/themes/styles.css" not in paths
