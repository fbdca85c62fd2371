"""Chart functions shared by the GUI and the PDFs: each draws on a matplotlib `Axes` it is given.

The caller owns the Figure (the GUI a `FigureCanvasQTAgg`, the PDF a `Figure` with Agg), so these
functions never use the global plotting state machine and never create or save figures. Empty
input draws an explicit "No data" message rather than empty axes that could be read as "nothing
happened".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, PercentFormatter

from clinical.grading import anc_grade_bands
from clinical.model import CrsAssessment, IcansAssessment, LabResult

# CTCAE "Neutrophil count decreased" bands come from the grading table itself (clinical.grading),
# so the chart can never disagree with the grade. Grade 1 (<LLN-1.5) depends on each lab's LLN, so
# it is drawn as the LLN line, not a band.
ANC_VERSIONS = ("5.0", "6.0")
_BAND_COLOURS = {1: "#fff7cc", 2: "#ffe0a3", 3: "#ffb199", 4: "#f08080"}
CRS_COLOUR = "#c0392b"
ICANS_COLOUR = "#2c5aa0"
ANC_COLOUR = "#1b1b1b"
DOSE_COLOUR = "#2e8b57"
# Titles sit just above the axes. Given explicitly, because matplotlib otherwise measures every
# tick label at each draw to see whether the title must move up (it never must: no tick labels
# are on top), a tenth of a PDF chart's time.
TITLE_Y = 1.0


def _start(ax: Axes) -> None:
    """Clear what an earlier drawing left on `ax`, so a chart can be redrawn on the same Axes.

    A fresh Axes is left alone: clearing one rebuilds all its ticks and spines, which took about a
    third of each chart's time in the PDFs. Every chart here leaves data, a text or a title behind.
    """
    if ax.has_data() or ax.texts or ax.get_title() or ax.get_legend() is not None:
        ax.clear()


def no_data(ax: Axes, message: str = "No data") -> None:
    """Mark the axes as empty on purpose, so a blank chart is never mistaken for a normal one."""
    _start(ax)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def _local(moment: dt.datetime) -> float:
    """Stored times are UTC; charts show the clinic's local time (as a matplotlib date number)."""
    return float(mdates.date2num(moment.astimezone().replace(tzinfo=None)))


def _noon(day: dt.date) -> float:
    """A calendar day as a matplotlib date number, centred on the day."""
    return float(mdates.date2num(dt.datetime.combine(day, dt.time(12))))


def anc_chart(
    ax: Axes,
    labs: Sequence[LabResult],
    dose_dates: Sequence[dt.date],
    ctcae_version: str = "5.0",
) -> None:
    """ANC over time with the CTCAE grade bands shaded and the dose days marked."""
    if ctcae_version not in ANC_VERSIONS:
        allowed = ", ".join(ANC_VERSIONS)
        raise ValueError(f"ctcae_version must be one of: {allowed} (got {ctcae_version!r})")
    points = sorted((_local(lab.drawn_at), lab.anc) for lab in labs if not lab.voided)
    if not points:
        no_data(ax, "No ANC results in this period")
        return
    _start(ax)
    top = max(2.0, max(anc for _, anc in points) * 1.15)
    for grade, low, high in anc_grade_bands(ctcae_version):
        ax.axhspan(low, high, color=_BAND_COLOURS[grade], zorder=0, linewidth=0)
        ax.text(
            1.005,
            (low + high) / 2,
            f"G{grade}",
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            fontsize=7,
            color="#7a3b2e",
        )
    llns = sorted({lab.lln for lab in labs if lab.lln is not None and not lab.voided})
    if llns:
        ax.axhline(llns[0], color="#b8860b", linestyle=":", linewidth=1, label="LLN (grade 1 below)")
    for index, day in enumerate(sorted(set(dose_dates))):
        ax.axvline(
            _noon(day),
            color=DOSE_COLOUR,
            alpha=0.35,
            linewidth=1.2,
            label="Dose given" if index == 0 else None,
            zorder=1,
        )
    times = [moment for moment, _ in points]
    ax.plot(
        times,
        [anc for _, anc in points],
        marker="o",
        markersize=3.5,
        color=ANC_COLOUR,
        linewidth=1.3,
        label="ANC",
        zorder=3,
    )
    ax.set_ylim(0, top)
    ax.set_ylabel("ANC (×10⁹/L)")
    ax.set_title(f"ANC with CTCAE v{ctcae_version} neutropenia grades", fontsize=9, y=TITLE_Y)
    ax.legend(loc="best", fontsize=7, framealpha=0.8)
    _date_axis(ax)


def _date_axis(ax: Axes) -> None:
    """Ticks on calendar days (a date locator): MaxNLocator put ticks at equal fractions of the
    span, so "%d %b" labels skipped days or named one day twice (issue 13)."""
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.tick_params(axis="x", labelrotation=30, labelsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))


def daily_peaks(
    assessments: Iterable[CrsAssessment | IcansAssessment],
) -> dict[dt.date, int]:
    """The highest effective grade (override if any) per local calendar day, voided rows ignored.

    Not-gradable assessments (grade None) are left out: a missing measurement is not grade 0."""
    peaks: dict[dt.date, int] = {}
    for item in assessments:
        if item.voided or item.effective_grade is None:
            continue
        day = item.assessed_at.astimezone().date()
        peaks[day] = max(peaks.get(day, 0), item.effective_grade or 0)
    return peaks


def toxicity_timeline(
    ax: Axes,
    crs: Sequence[CrsAssessment],
    icans: Sequence[IcansAssessment],
    start: dt.date | None = None,
) -> None:
    """CRS and ICANS effective grades by day (0-4); by cycle day when `start` is given."""
    series = (
        ("CRS (ASTCT)", daily_peaks(crs), CRS_COLOUR, "o", 4.0),
        ("ICANS (ASTCT)", daily_peaks(icans), ICANS_COLOUR, "s", 7.0),
    )
    if not any(peaks for _, peaks, _, _, _ in series):
        no_data(ax, "No CRS or ICANS assessments in this period")
        return
    _start(ax)
    for label, peaks, colour, marker, size in series:
        if not peaks:
            continue
        days = sorted(peaks)
        grades = [peaks[day] for day in days]
        if start is None:
            xs: list[float] = [_noon(day) for day in days]
        else:
            xs = [float((day - start).days + 1) for day in days]
        # ICANS is drawn with larger hollow markers so that equal grades on one day stay visible.
        ax.plot(
            xs,
            grades,
            marker=marker,
            markersize=size,
            linewidth=1.2,
            color=colour,
            fillstyle="full" if size < 5 else "none",
            label=label,
        )
    ax.set_ylim(-0.5, 4.5)
    ax.set_yticks(range(5))
    ax.set_ylabel("Grade (highest of the day)")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.legend(loc="upper right", fontsize=7, framealpha=0.8)
    ax.set_title("CRS and ICANS grades by day (clinician overrides applied)", fontsize=9, y=TITLE_Y)
    if start is None:
        _date_axis(ax)
    else:
        ax.set_xlabel("Cycle day")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=7)


def forest_plot(ax: Axes, rows: Sequence[tuple[str, float, float, float, float]]) -> None:
    """Rates with their confidence intervals, one row each, with the trial's rate marked."""
    if not rows:
        no_data(ax, "No patients treated yet")
        return
    _start(ax)
    positions = list(range(len(rows), 0, -1))
    for y, (_, rate, low, high, trial) in zip(positions, rows, strict=True):
        ax.plot([low, high], [y, y], color="#333333", linewidth=1.4, zorder=2)
        ax.plot([rate], [y], marker="s", color="#333333", markersize=5, zorder=3)
        ax.plot([trial], [y], marker="D", color="#c0392b", markersize=5, fillstyle="none", zorder=4)
    ax.plot([], [], marker="s", color="#333333", linestyle="-", label="This clinic (95 % exact CI)")
    ax.plot(
        [],
        [],
        marker="D",
        color="#c0392b",
        linestyle="",
        fillstyle="none",
        label="Trial rate (NCT04521231, pooled grade 3-4)",
    )
    ax.set_yticks(positions)
    ax.set_yticklabels([row[0] for row in rows], fontsize=7)
    ax.set_ylim(0.3, len(rows) + 0.7)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_xlabel("Patients with a grade 3-4 event")
    ax.legend(loc="lower right", fontsize=7, framealpha=0.85)
