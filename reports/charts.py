"""Chart functions shared by the GUI and the PDFs: each draws on a matplotlib `Axes` it is given.

The caller owns the Figure (the GUI a `FigureCanvasQTAgg`, the PDF a `Figure` with Agg), so these
functions never use the global plotting state machine and never create or save figures. Empty
input draws an explicit "No data" message rather than empty axes that could be read as "nothing
happened".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, PercentFormatter

from clinical.model import LabResult
from clinical.toxicities import ToxicityDefinition, toxicities
from reports.i18n import ENGLISH, Language, fill

# CTCAE "Neutrophil count decreased" bands come from the grading table itself (clinical.ctcae_grading),
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
    """ANC over time with the CTCAE grade bands shaded and the dose days marked (the lab view's chart:
    `value_chart` with the definition whose records are lab results)."""
    if ctcae_version not in ANC_VERSIONS:
        allowed = ", ".join(ANC_VERSIONS)
        raise ValueError(f"ctcae_version must be one of: {allowed} (got {ctcae_version!r})")
    definition = next(d for d in toxicities() if d.record_type is LabResult)
    value_chart(ax, definition, labs, dose_dates, f"CTCAE v{ctcae_version}")


def _bands(ax: Axes, bands: Sequence[tuple[int, float, float]]) -> None:
    for grade, low, high in bands:
        ax.axhspan(low, high, color=_BAND_COLOURS.get(grade, "#f08080"), zorder=0, linewidth=0)
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


def _dose_lines(ax: Axes, dose_dates: Sequence[dt.date]) -> None:
    for index, day in enumerate(sorted(set(dose_dates))):
        ax.axvline(
            _noon(day),
            color=DOSE_COLOUR,
            alpha=0.35,
            linewidth=1.2,
            label="Dose given" if index == 0 else None,
            zorder=1,
        )


def value_chart(
    ax: Axes,
    definition: ToxicityDefinition,
    records: Sequence[object],
    dose_dates: Sequence[dt.date],
    scale: str = "",
) -> None:
    """A measured value over time (the definition's chart hint names it), with the grade bands of
    `scale` shaded where the hint gives bands, its limit line, and the dose days marked."""
    hint = definition.chart
    if hint is None or hint.value_field is None:
        raise ValueError(f"{definition.label} charts no measured value")
    field = hint.value_field
    kept = [r for r in records if not getattr(r, "voided", False)]
    values = [(r, definition.values(r).get(field)) for r in kept]
    points = sorted((_local(definition.at(r)), float(str(v))) for r, v in values if v is not None)
    if not points:
        no_data(ax, f"No {hint.title} results in this period")
        return
    _start(ax)
    shown_values = [value for _, value in points]
    if hint.span is None:
        bottom, top = 0.0, max(2.0, max(shown_values) * 1.15)
    else:
        bottom, top = min(hint.span[0], min(shown_values) - 0.5), max(hint.span[1], max(shown_values) + 0.5)
    if hint.bands is not None:
        _bands(ax, hint.bands(scale or definition.scale))
    limits = sorted(
        {float(str(v)) for r in kept if (v := definition.values(r).get(hint.limit_field)) is not None}
        if hint.limit_field
        else set()
    )
    if limits:
        ax.axhline(limits[0], color="#b8860b", linestyle=":", linewidth=1, label=hint.limit_label)
    for value, text in hint.lines:
        ax.axhline(value, color="#b00020", linestyle="--", linewidth=0.9, label=text)
    _dose_lines(ax, dose_dates)
    ax.plot(
        [moment for moment, _ in points],
        [value for _, value in points],
        marker="o",
        markersize=3.5,
        color=ANC_COLOUR,
        linewidth=1.3,
        label=hint.title,
        zorder=3,
    )
    ax.set_ylim(bottom, top)
    ax.set_ylabel(hint.value_label)
    shown = scale or definition.scale
    title = f"{hint.title} with {shown} {definition.label.lower()} grades" if hint.bands else hint.title
    ax.set_title(title, fontsize=9, y=TITLE_Y)
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
    assessments: Iterable[object], definition: ToxicityDefinition | None = None
) -> dict[dt.date, int]:
    """The highest effective grade (override if any) per local calendar day, voided rows ignored.

    Not-gradable assessments (grade None) are left out: a missing measurement is not grade 0. The
    time is the definition's time field (assessed_at when no definition is given)."""
    peaks: dict[dt.date, int] = {}
    for item in assessments:
        grade = getattr(item, "effective_grade", getattr(item, "grade", None))
        if getattr(item, "voided", False) or grade is None:
            continue
        at = definition.at(item) if definition is not None else item.assessed_at  # type: ignore[attr-defined]
        day = at.astimezone().date()
        peaks[day] = max(peaks.get(day, 0), grade)
    return peaks


# One colour and marker per grade series, in the registry's order (CRS red, ICANS blue, then others);
# markers grow along the list and from the second on are hollow, so equal grades on a day stay visible.
SERIES_STYLES = (
    (CRS_COLOUR, "o"),
    (ICANS_COLOUR, "s"),
    ("#8e44ad", "^"),
    ("#d35400", "D"),
    ("#16a085", "v"),
    ("#7f8c8d", "P"),
)


def grade_series(
    records_by_kind: Mapping[str, Sequence[object]],
) -> list[tuple[ToxicityDefinition, Sequence[object]]]:
    """Every registered toxicity whose chart hint plots its grade (not a measured value), with its records."""
    return [
        (d, records_by_kind.get(d.record_kind, ()))
        for d in toxicities()
        if d.chart is not None and d.chart.value_field is None
    ]


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def grade_timeline(
    ax: Axes,
    series: Sequence[tuple[ToxicityDefinition, Sequence[object]]],
    start: dt.date | None = None,
) -> None:
    """Each toxicity's effective grade by day (its highest of the day); by cycle day when `start` is
    given. One series per definition given (clinical.toxicities), labelled with its name and scale."""
    drawn = [(d, daily_peaks(records, d)) for d, records in series]
    if not any(peaks for _, peaks in drawn):
        names = _and([d.label for d, _ in series]) if series else "graded"
        no_data(ax, f"No {names} assessments in this period")
        return
    _start(ax)
    top = 4
    for index, (definition, peaks) in enumerate(drawn):
        if not peaks:
            continue
        colour, marker = SERIES_STYLES[index % len(SERIES_STYLES)]
        days = sorted(peaks)
        grades = [peaks[day] for day in days]
        top = max(top, *grades)
        if start is None:
            xs: list[float] = [_noon(day) for day in days]
        else:
            xs = [float((day - start).days + 1) for day in days]
        ax.plot(
            xs,
            grades,
            marker=marker,
            markersize=4.0 + 3.0 * min(index, 1) + 1.0 * max(index - 1, 0),
            linewidth=1.2,
            color=colour,
            fillstyle="full" if index == 0 else "none",
            label=f"{definition.label} ({definition.scale})",
        )
    ax.set_ylim(-0.5, top + 0.5)
    ax.set_yticks(range(top + 1))
    ax.set_ylabel("Grade (highest of the day)")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.legend(loc="upper right", fontsize=7, framealpha=0.8)
    names = _and([d.label for d, peaks in drawn if peaks])
    ax.set_title(f"{names} grades by day (clinician overrides applied)", fontsize=9, y=TITLE_Y)
    if start is None:
        _date_axis(ax)
    else:
        ax.set_xlabel("Cycle day")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=7)


def forest_plot(
    ax: Axes, rows: Sequence[tuple[str, float, float, float, float | None]], lang: Language = ENGLISH
) -> None:
    """Rates with their confidence intervals, one row each, with the trial's rate marked where the
    trial gave one (None: no trial comparator, no mark). Axis and legend text in `lang`."""
    if not rows:
        no_data(ax, lang.translate("Charts", "No patients treated yet"))
        return
    _start(ax)
    positions = list(range(len(rows), 0, -1))
    for y, (_, rate, low, high, trial) in zip(positions, rows, strict=True):
        ax.plot([low, high], [y, y], color="#333333", linewidth=1.4, zorder=2)
        ax.plot([rate], [y], marker="s", color="#333333", markersize=5, zorder=3)
        if trial is not None:
            ax.plot([trial], [y], marker="D", color="#c0392b", markersize=5, fillstyle="none", zorder=4)
    ax.plot(
        [],
        [],
        marker="s",
        color="#333333",
        linestyle="-",
        label=lang.translate("Charts", "This clinic (95 % exact CI)"),
    )
    ax.plot(
        [],
        [],
        marker="D",
        color="#c0392b",
        linestyle="",
        fillstyle="none",
        label=lang.translate("Charts", "Trial rate (NCT04521231, pooled grade 3-4)"),
    )
    ax.set_yticks(positions)
    ax.set_yticklabels([row[0] for row in rows], fontsize=7)
    ax.set_ylim(0.3, len(rows) + 0.7)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_xlabel(lang.translate("Charts", "Patients with a grade 3-4 event"))
    ax.legend(loc="best", fontsize=7, framealpha=0.85)  # "best": clear of the rows' intervals


SC_COLOUR = "#2e8b57"
IV_COLOUR = "#7a7a7a"


def resource_bars(
    ax: Axes, per_cycle: Mapping[int, tuple[int, int, int, int]], lang: Language = ENGLISH
) -> None:
    """IV vs SC per cycle (issue 18): for each cycle number, inpatient days and hospital visits
    (SC: day unit and outpatient doses; IV: bag changes outside hospital), side by side.
    `per_cycle`: cycle -> (SC inpatient days, IV inpatient days, SC visits, IV visits)."""
    _start(ax)
    if not per_cycle:
        no_data(ax, lang.translate("Charts", "No cycle started yet"))
        return
    cycles = list(per_cycle)
    width = 0.2
    series = (
        (lang.translate("Charts", "Inpatient days, SC (recorded)"), 0, SC_COLOUR, None, -1.5),
        (lang.translate("Charts", "Inpatient days, IV (label)"), 1, IV_COLOUR, None, -0.5),
        (lang.translate("Charts", "Hospital visits, SC (recorded)"), 2, SC_COLOUR, "//", 0.5),
        (lang.translate("Charts", "Bag-change visits, IV (assumed)"), 3, IV_COLOUR, "//", 1.5),
    )
    for label, index, colour, hatch, offset in series:
        xs = [n + offset * width for n in range(len(cycles))]
        values = [per_cycle[c][index] for c in cycles]
        ax.bar(xs, values, width, label=label, color=colour, hatch=hatch, edgecolor="white")
    ax.set_xticks(range(len(cycles)), [fill(lang.translate("Charts", "Cycle %1"), c) for c in cycles])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(lang.translate("Charts", "Days or visits (all patients)"))
    ax.set_title(lang.translate("Charts", "IV vs SC per cycle"), y=TITLE_Y)
    tallest = max((max(v) for v in per_cycle.values()), default=0)
    ax.set_ylim(0, max(tallest, 1) * 1.6)  # room above the bars for the legend, never over a bar
    ax.legend(fontsize=7, loc="upper center", ncol=2)
