"""The febrile neutropenia rule: the CTCAE v5.0 definition (reference §4.2), the temperatures it
reads and the critical flag it raises.

Split from clinical.flags because it is a definition of its own over two kinds of record (an ANC and
every recorded body temperature, whatever the toxicity that charted it), with thresholds storage also
reads (FN_ANC_BELOW, FN_WINDOW) to fetch just the records it needs. clinical.flags.patient_flags
calls `febrile_flags`. Flags inform; they never instruct a dose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from clinical.findings import Flag, FlagRule, Severity
from clinical.flag_text import when
from clinical.model import LabResult
from clinical.toxicities.registry import definition_of, for_record_kind

# Febrile neutropenia, CTCAE v5.0 (reference §4.2): ANC < 1.0 x10^9/L with a single temperature
# > 38.3 °C, or >= 38.0 °C sustained for more than one hour. The window around the ANC draw in
# which a temperature counts is ToxTrack's choice (the definition gives none): 24 h either side.
FN_ANC_BELOW = 1.0
FN_SINGLE_TEMP_ABOVE_C = 38.3
FN_SUSTAINED_TEMP_C = 38.0
FN_SUSTAINED_FOR = dt.timedelta(hours=1)
FN_WINDOW = dt.timedelta(hours=24)

# The kind whose ANC febrile neutropenia reads; its temperatures come from every kind whose
# definition names a `temperature_input` (the temperature vital sign, CRS).
LAB_KIND = "lab"


def body_temperature(record: object) -> tuple[dt.datetime, float] | None:
    """(when, °C) of a live record that measured a body temperature (its definition's
    `temperature_input`: the temperature vital sign, a CRS assessment), else None."""
    if getattr(record, "voided", False):
        return None
    definition = definition_of(record)
    if not definition.temperature_input:
        return None
    value = definition.values(record).get(definition.temperature_input)
    if value is None or isinstance(value, bool):
        return None
    return definition.at(record), float(str(value))


def febrile_evidence(lab: LabResult, records: Iterable[object]) -> str | None:
    """Why the lab meets the CTCAE v5.0 febrile neutropenia definition, or None.

    `records` are any records that may hold a body temperature: every recorded temperature counts,
    whether charted as a vital sign or in a CRS assessment (issue 11: febrile neutropenia does not
    depend on a CRS assessment existing)."""
    if lab.voided or lab.anc >= FN_ANC_BELOW:
        return None
    readings = sorted(
        reading
        for reading in map(body_temperature, records)
        if reading is not None and abs(reading[0] - lab.drawn_at) <= FN_WINDOW
    )
    for at, temp in readings:
        if temp > FN_SINGLE_TEMP_ABOVE_C:
            return f"a temperature of {temp:.1f} °C at {when(at)}"
    run: list[dt.datetime] = []
    for at, temp in readings:
        run = [*run, at] if temp >= FN_SUSTAINED_TEMP_C else []
        if run and run[-1] - run[0] > FN_SUSTAINED_FOR:
            return f"temperatures of 38.0 °C or more from {when(run[0])} to {when(run[-1])}"
    return None


def febrile_flags(labs: Sequence[LabResult], measured: Sequence[object]) -> list[Flag]:
    flags = []
    hours = int(FN_WINDOW.total_seconds() // 3600)
    for lab in labs:
        evidence = febrile_evidence(lab, measured)
        if evidence is None:
            continue
        message = (
            f"Febrile neutropenia (CTCAE v5.0 definition: ANC below 1.0 x10^9/L with a temperature "
            f"above 38.3 °C, or 38.0 °C or more for over an hour): ANC {lab.anc:g} x10^9/L drawn at "
            f"{when(lab.drawn_at)} with {evidence}, within {hours} h of the draw."
        )
        flags.append(
            Flag(
                FlagRule.FEBRILE_NEUTROPENIA,
                Severity.CRITICAL,
                message,
                lab.drawn_at,
                lab.patient_id,
                for_record_kind(LAB_KIND).id,
                None,
                LAB_KIND,
                lab.id,
            )
        )
    return flags
