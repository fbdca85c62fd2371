"""Chart functions draw what they are given on a caller's Axes, and say so when there is nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import numpy as np
import pytest
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from clinical.choices import Consciousness, Hypotension, Oxygen
from clinical.model import CrsAssessment, IcansAssessment, LabResult, PatientId
from clinical.toxicities import ToxicityRecord, toxicities, toxicity
from reports import charts, fonts

PID = PatientId(1)
START = dt.date(2026, 3, 2)


def _timeline(
    ax: Axes, crs: list[CrsAssessment], icans: list[IcansAssessment], start: dt.date | None = None
) -> None:
    """CRS and ICANS on the grade timeline, as the cycle summary draws them."""
    charts.grade_timeline(ax, [(toxicity("crs"), crs), (toxicity("icans"), icans)], start=start)


def _axes() -> tuple[Figure, Axes]:
    fonts.configure_matplotlib()
    figure = Figure(figsize=(6, 3))
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _at(day: int, hour: int = 9) -> dt.datetime:
    local = dt.datetime.combine(START + dt.timedelta(days=day - 1), dt.time(hour)).astimezone()
    return local.astimezone(dt.UTC)


def _xs(line: Line2D) -> list[float]:
    return [float(v) for v in np.asarray(line.get_xdata())]


def _ys(line: Line2D) -> list[float]:
    return [float(v) for v in np.asarray(line.get_ydata())]


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_anc_chart_plots_every_non_voided_lab_and_each_dose_day() -> None:
    figure, ax = _axes()
    labs = [
        LabResult(PID, _at(1), anc=2.4),
        LabResult(PID, _at(4), anc=0.8),
        LabResult(PID, _at(6), anc=0.3, voided=True),
        LabResult(PID, _at(8), anc=1.2),
    ]
    doses = [START + dt.timedelta(days=d) for d in (0, 1, 2)]
    charts.anc_chart(ax, labs, doses)
    anc_line = next(line for line in ax.get_lines() if line.get_label() == "ANC")
    assert _ys(anc_line) == [2.4, 0.8, 1.2]
    dose_lines = [line for line in ax.get_lines() if line.get_color() == charts.DOSE_COLOUR]
    assert len(dose_lines) == len(doses)
    assert {"G2", "G3", "G4"} <= set(_texts(ax))
    figure.canvas.draw()


def test_anc_bands_follow_the_reference_thresholds_for_v5() -> None:
    _, ax = _axes()
    charts.anc_chart(ax, [LabResult(PID, _at(1), anc=1.7)], [])
    bands = sorted(
        (round(p.get_y(), 6), round(p.get_y() + p.get_height(), 6))
        for p in ax.patches
        if isinstance(p, Rectangle)
    )
    # clinical-reference.md §4.1: grade 4 < 0.5 <= grade 3 < 1.0 <= grade 2 < 1.5 (x10^9/L).
    assert bands == [(0.0, 0.5), (0.5, 1.0), (1.0, 1.5)]


def test_anc_chart_rejects_an_unknown_ctcae_version() -> None:
    _, ax = _axes()
    with pytest.raises(ValueError, match="ctcae_version"):
        charts.anc_chart(ax, [], [], ctcae_version="4.0")


@pytest.mark.parametrize(
    "draw",
    [
        lambda ax: charts.anc_chart(ax, [], []),
        lambda ax: _timeline(ax, [], []),
        lambda ax: charts.forest_plot(ax, []),
    ],
)
def test_empty_input_says_no_data(draw: Callable[[Axes], None]) -> None:
    _, ax = _axes()
    draw(ax)
    assert any("No " in text for text in _texts(ax))
    assert not ax.get_lines()


def test_redrawing_on_the_same_axes_replaces_the_earlier_chart() -> None:
    figure, ax = _axes()
    labs = [LabResult(PID, _at(1), anc=2.4), LabResult(PID, _at(3), anc=0.9)]
    charts.anc_chart(ax, labs, [START])
    charts.anc_chart(ax, [], [])  # e.g. the GUI redraws after the labs were voided
    assert _texts(ax) == ["No ANC results in this period"]
    assert not ax.get_lines() and not ax.patches and ax.get_legend() is None and not ax.get_title()
    charts.no_data(ax, "first")
    charts.anc_chart(ax, labs[:1], [])
    assert "first" not in _texts(ax)
    assert [_ys(line) for line in ax.get_lines() if line.get_label() == "ANC"] == [[2.4]]
    crs = [CrsAssessment(PID, _at(2), 38.5, Hypotension.NONE, Oxygen.NONE, grade=1)]
    _timeline(ax, crs, [], start=START)
    assert [line.get_label() for line in ax.get_lines()] == ["CRS (ASTCT 2019)"]
    assert not ax.patches and not _texts(ax)  # the ANC bands and their labels are gone
    figure.canvas.draw()


def test_timeline_uses_the_daily_peak_of_effective_grades_by_cycle_day() -> None:
    figure, ax = _axes()
    crs = [
        CrsAssessment(PID, _at(2, 8), 38.5, Hypotension.NONE, Oxygen.NONE, grade=1),
        CrsAssessment(PID, _at(2, 20), 39.0, Hypotension.FLUIDS, Oxygen.NONE, grade=2),
        CrsAssessment(
            PID,
            _at(3),
            38.2,
            Hypotension.NONE,
            Oxygen.NONE,
            grade=1,
            override_grade=3,
            override_reason="clinician judgement",
        ),
        CrsAssessment(PID, _at(4), 37.0, Hypotension.NONE, Oxygen.NONE, grade=4, voided=True),
    ]
    icans = [IcansAssessment(PID, _at(3), Consciousness.ALERT, grade=1)]
    _timeline(ax, crs, icans, start=START)
    crs_line, icans_line = ax.get_lines()[:2]
    assert _xs(crs_line) == [2.0, 3.0]
    assert _ys(crs_line) == [2, 3]
    assert _ys(icans_line) == [1]
    figure.canvas.draw()


def test_timeline_without_start_uses_dates() -> None:
    _, ax = _axes()
    crs = [CrsAssessment(PID, _at(5), 38.5, Hypotension.NONE, Oxygen.NONE, grade=1)]
    _timeline(ax, crs, [])
    (x,) = _xs(ax.get_lines()[0])
    assert mdates.num2date(x).date() == START + dt.timedelta(days=4)


def test_forest_plot_marks_rate_ci_and_trial_rate_per_row() -> None:
    figure, ax = _axes()
    rows = [("CRS, all", 0.25, 0.1, 0.45, 0.20), ("ICANS, all", 0.05, 0.0, 0.2, 0.17)]
    charts.forest_plot(ax, rows)
    lines = ax.get_lines()
    ci_segments = [_xs(line) for line in lines if len(_xs(line)) == 2]
    assert ci_segments == [[0.1, 0.45], [0.0, 0.2]]
    trial_marks = [_xs(line)[0] for line in lines if line.get_marker() == "D" and len(_xs(line))]
    assert trial_marks == [0.20, 0.17]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["CRS, all", "ICANS, all"]
    figure.canvas.draw()


def test_daily_peaks_leave_not_gradable_out() -> None:
    """Issue 11: a not-gradable assessment is no grade 0 on the timeline; a graded one that day counts."""
    pid = PatientId(1)
    day = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
    records = [
        CrsAssessment(pid, day, None, Hypotension.MULTIPLE_VASOPRESSORS, Oxygen.NONE, grade=None),
        CrsAssessment(pid, day + dt.timedelta(days=1), None, Hypotension.FLUIDS, Oxygen.NONE, grade=None),
        CrsAssessment(pid, day + dt.timedelta(days=1, hours=2), 38.5, Hypotension.NONE, Oxygen.NONE, grade=1),
    ]
    peaks = charts.daily_peaks(records)
    assert peaks == {(day + dt.timedelta(days=1)).astimezone().date(): 1}


def test_grade_timeline_draws_every_grade_charted_toxicity_from_the_registry() -> None:
    """Issue 14: the injection site reaction (a data-defined record) gets its own series by its chart
    hint, with the clinician's override applied; the measured-value toxicity (ANC) is not on it."""
    figure, ax = _axes()
    isr = toxicity("injection_site_reaction")
    records = {
        "crs": [CrsAssessment(PID, _at(2), 38.5, Hypotension.NONE, Oxygen.NONE, grade=1)],
        isr.record_kind: [
            ToxicityRecord(isr.record_kind, PID, _at(3), {"grade": "2"}, grade=2),
            ToxicityRecord(isr.record_kind, PID, _at(4), {"grade": "1"}, grade=1, override_grade=3),
        ],
        "lab": [LabResult(PID, _at(3), anc=0.4, grade=4)],
    }
    series = charts.grade_series(records)
    assert [d.id for d, _ in series] == [d.id for d in toxicities() if d.chart and not d.chart.value_field]
    charts.grade_timeline(ax, series, start=START)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"CRS (ASTCT 2019)", "Injection site reaction (CTCAE v5.0)"}
    assert _xs(lines["Injection site reaction (CTCAE v5.0)"]) == [3.0, 4.0]
    assert _ys(lines["Injection site reaction (CTCAE v5.0)"]) == [2, 3]
    assert "Injection site reaction" in ax.get_title()
    figure.canvas.draw()


def test_value_chart_shades_the_bands_its_hint_gives_and_only_those() -> None:
    neutropenia = next(d for d in toxicities() if d.chart is not None and d.chart.value_field)
    assert neutropenia.chart is not None and neutropenia.chart.bands is not None
    labs = [LabResult(PID, _at(1), anc=2.4, lln=1.8), LabResult(PID, _at(8), anc=0.4, lln=1.8)]
    _, ax = _axes()
    charts.value_chart(ax, neutropenia, labs, [START], "CTCAE v6.0")
    assert len(ax.patches) == len(neutropenia.chart.bands("CTCAE v6.0"))
    assert ax.get_title() == "ANC with CTCAE v6.0 neutropenia grades"
    assert "LLN (grade 1 below)" in [line.get_label() for line in ax.get_lines()]
    plain = dataclasses.replace(neutropenia, chart=dataclasses.replace(neutropenia.chart, bands=None))
    _, bare = _axes()
    charts.value_chart(bare, plain, labs, [START])
    assert not bare.patches and bare.get_title() == "ANC"


def test_the_temperature_chart_reads_its_span_and_marks_fever() -> None:
    """A body temperature is not read from zero: the axis is the hint's usual span (widened to show a
    value outside it), with the ASTCT fever line; the ANC chart still starts at zero."""
    from clinical.grading import FEVER_C
    from clinical.toxicities import for_record_kind

    temperature = for_record_kind("temperature")
    readings = [
        ToxicityRecord("temperature", PID, _at(1), {"temperature_c": 37.0}),
        ToxicityRecord("temperature", PID, _at(2), {"temperature_c": 39.4}),
        ToxicityRecord("temperature", PID, _at(3), {"temperature_c": 42.0}, voided=True),
    ]
    _, ax = _axes()
    charts.value_chart(ax, temperature, readings, [START])
    assert ax.get_ylim() == (35.0, 41.0)  # the voided 42.0 does not widen it
    fever = [line for line in ax.get_lines() if line.get_label().startswith("Fever")]
    assert [_ys(line) for line in fever] == [[FEVER_C, FEVER_C]]
    _, cold = _axes()
    charts.value_chart(
        cold, temperature, [ToxicityRecord("temperature", PID, _at(1), {"temperature_c": 34.0})], [START]
    )
    assert cold.get_ylim() == (33.5, 41.0)
    labs = [LabResult(PID, _at(1), anc=2.4, lln=1.8)]
    _, anc = _axes()
    charts.value_chart(anc, toxicity("neutropenia"), labs, [START])
    assert anc.get_ylim()[0] == 0
