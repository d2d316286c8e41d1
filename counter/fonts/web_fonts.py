"""A developer's step, run once when the font changes (fontTools and brotli are not
dependencies of the product: `pip install fonttools brotli` first):

    python counter/fonts/web_fonts.py

writes assets/fonts/NotoSansTifinagh-Regular.woff2 (the whole Tifinagh font, for pages in
Amazigh) and prints the data: URL of the few letters of the language switch's "ⵜⴰⵎⴰⵣⵉⵖⵜ"
(2 KB), which assets/style.css carries inline: a page in another language then shows the
name in its font without downloading the whole font.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "NotoSansTifinagh-Regular.ttf"
WEB_FONT = HERE.parent.parent / "assets" / "fonts" / "NotoSansTifinagh-Regular.woff2"
NAME = "ⵜⴰⵎⴰⵣⵉⵖⵜ"


def main() -> None:
    font = TTFont(SOURCE)
    font.flavor = "woff2"
    font.save(WEB_FONT)
    options = subset.Options()
    options.hinting, options.name_IDs = False, [0, 1, 2, 3, 4, 5, 6]
    letters = TTFont(SOURCE)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(char) for char in NAME}))
    subsetter.subset(letters)
    letters.flavor = "woff2"
    buffer = io.BytesIO()
    letters.save(buffer)
    print(f"{WEB_FONT.name}: {WEB_FONT.stat().st_size} bytes")
    print("data:font/woff2;base64," + base64.b64encode(buffer.getvalue()).decode())


if __name__ == "__main__":
    main()
