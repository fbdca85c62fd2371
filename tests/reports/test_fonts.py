"""Fonts: mixed-script text is split into runs per font, and a missing CJK font is a clear error."""

from __future__ import annotations

import pytest
from matplotlib import rcParams

from reports import fonts


def test_markup_switches_only_cjk_runs_and_escapes() -> None:
    text = fonts.markup("Zoë <&> 王小明 (MRN 12) 李")
    cjk = f'<font name="{fonts.PDF_CJK}">'
    assert text == f"Zoë &lt;&amp;&gt; {cjk}王小明</font> (MRN 12) {cjk}李</font>"


@pytest.mark.parametrize(
    ("text", "expected"), [("Ångström", False), ("王", True), ("abc，", True), ("", False)]
)
def test_has_cjk(text: str, expected: bool) -> None:
    assert fonts.has_cjk(text) is expected


def test_configure_matplotlib_sets_the_explicit_family_list() -> None:
    fonts.configure_matplotlib()
    assert list(rcParams["font.family"]) == [fonts.LATIN_FAMILY, fonts.CJK_FAMILY]


def test_pdf_fonts_are_embedded_truetype_files() -> None:
    paths = fonts.font_paths()
    assert paths.cjk.suffix.lower() in {".ttc", ".ttf", ".otf"}
    fonts.register_pdf_fonts()
    fonts.register_pdf_fonts()  # idempotent


def test_missing_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = fonts.font_manager.findfont

    def without_cjk(prop: object, **kwargs: object) -> str:
        if fonts.CJK_FAMILY in getattr(prop, "get_family", lambda: [])():
            raise ValueError("not found")
        return str(real(prop, **kwargs))  # type: ignore[arg-type]

    monkeypatch.setattr(fonts.font_manager, "findfont", without_cjk)
    with pytest.raises(fonts.FontMissingError, match="fonts-wqy-microhei"):
        fonts.configure_matplotlib()
