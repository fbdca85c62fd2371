"""Issue 20: the forest plot and the IV vs SC bars in Simplified Chinese: axis labels, legend, title
and tick labels from the zh_CN catalog, drawn without a missing glyph (the CJK family is in use),
and English when no language is given."""

from __future__ import annotations

import warnings

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reports import charts, fonts
from reports.i18n import load

ZH = load("zh_CN")
ROWS = [("CRS - 全部 (n=20)", 0.15, 0.03, 0.35, 0.2)]


def _axes() -> tuple[Figure, Axes]:
    fonts.configure_matplotlib()
    figure = Figure(figsize=(6, 3))
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _drawn_without_missing_glyphs(figure: Figure) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    assert not [w for w in caught if "missing from" in str(w.message)]  # "Glyph ... missing from font(s)"


def _legend(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [text.get_text() for text in legend.get_texts()]


def test_forest_plot_in_chinese() -> None:
    figure, ax = _axes()
    charts.forest_plot(ax, ROWS, ZH)
    assert ax.get_xlabel() == "发生 3-4 级事件的患者比例"
    assert _legend(ax) == ["本中心（95 % 精确置信区间）", "试验发生率（NCT04521231，合并 3-4 级）"]
    _drawn_without_missing_glyphs(figure)
    _, english = _axes()
    charts.forest_plot(english, ROWS)
    assert english.get_xlabel() == "Patients with a grade 3-4 event"


def test_resource_bars_in_chinese() -> None:
    figure, ax = _axes()
    charts.resource_bars(ax, {1: (9, 9, 8, 9), 2: (0, 2, 0, 13)}, ZH)
    assert ax.get_ylabel() == "天数或次数（所有患者）"
    assert ax.get_title() == "每周期 IV 与 SC 对比"
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["第 1 周期", "第 2 周期"]
    assert _legend(ax)[0] == "SC 住院天数（记录）"
    _drawn_without_missing_glyphs(figure)


def test_empty_charts_say_so_in_chinese() -> None:
    _, ax = _axes()
    charts.forest_plot(ax, [], ZH)
    assert [text.get_text() for text in ax.texts] == ["尚无患者接受治疗"]
