"""Lab import, the tests and their units (issue 19): what each test becomes and its stored unit.

Its own module because it is reference data with its conversions, shared by the row checks
(exchange/labimport.py) and the exports (exchange/exports.py, which name a record's test by it):
the ANC and each registered CTCAE lab term as a `Target`, the test names labs use for each, and the
factor from a lab's unit to the stored one.

Units: counts are stored in 10^9/L (cells/µL and /mm³ x 0.001; 10^3/µL, K/µL, G/L x 1), haemoglobin
in g/L (g/dL x 10), a neutrophil or lymphocyte count in % of the WBC becomes % / 100 x the WBC of
the same sample (same patient, same time, in the same file). The "increased" terms (ALT, AST,
bilirubin, creatinine) are graded as multiples of the ULN, so their value and ULN stay in the lab's
own unit (docs/clinical-additions.md §5), which the row must give for both.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinical.toxicities import all_definitions
from clinical.toxicities.lab_terms import fields_of, lab_term_definitions

COUNT, HAEMOGLOBIN, OWN_UNIT = "count", "haemoglobin", "own"


@dataclass(frozen=True)
class Target:
    """What a test becomes: a record `kind`, its value input `value`, its limit input `limit`
    (an LLN for a decreased count, a ULN for an increased term), the unit family."""

    code: str  # the CDISC LBTESTCD ToxTrack writes (NEUT, PLAT...)
    label: str
    kind: str
    value: str
    limit: str
    family: str
    low: float
    high: float
    percent_of_wbc: bool = False

    @property
    def limit_is_lower(self) -> bool:
        return self.limit in ("lln",) or self.limit.endswith("_lln")


# The test names of each target (upper case); a mapping may add its own (`ColumnMapping.tests`).
TEST_ALIASES: dict[str, tuple[str, ...]] = {
    "NEUT": ("NEUT", "ANC", "NEUTROPHILS", "NEUTROPHIL COUNT", "ABSOLUTE NEUTROPHIL COUNT", "NEUT#"),
    "PLAT": ("PLAT", "PLT", "PLATELETS", "PLATELET COUNT"),
    "LYM": ("LYM", "LYMPH", "LYMPHOCYTES", "LYMPHOCYTE COUNT", "LYMPH#"),
    "WBC": ("WBC", "LEUKOCYTES", "WHITE BLOOD CELLS", "WHITE CELL COUNT", "WBC COUNT"),
    "HGB": ("HGB", "HB", "HAEMOGLOBIN", "HEMOGLOBIN"),
    "ALT": ("ALT", "ALAT", "SGPT", "GPT", "ALANINE AMINOTRANSFERASE"),
    "AST": ("AST", "ASAT", "SGOT", "GOT", "ASPARTATE AMINOTRANSFERASE"),
    "BILI": ("BILI", "TBIL", "BILIRUBIN", "TOTAL BILIRUBIN"),
    "CREAT": ("CREAT", "CREA", "CREATININE"),
}
_CODE_OF_TERM = {
    "Platelet count decreased": "PLAT",
    "Lymphocyte count decreased": "LYM",
    "White blood cell decreased": "WBC",
    "Anemia": "HGB",
    "Alanine aminotransferase increased": "ALT",
    "Aspartate aminotransferase increased": "AST",
    "Blood bilirubin increased": "BILI",
    "Creatinine increased": "CREAT",
}


def targets() -> dict[str, Target]:
    """Every test the import knows, by its code: the ANC and each registered CTCAE lab term."""
    found = {"NEUT": Target("NEUT", "ANC", "lab", "anc", "lln", COUNT, 0.0, 100.0, True)}
    for definition in lab_term_definitions(all_definitions()):
        code = _CODE_OF_TERM.get(definition.ctcae_term or "")
        if code is None:
            continue
        names = fields_of(definition)
        spec = definition.inputs[0]
        unit = spec.unit or ""
        family = COUNT if unit.startswith("×10⁹") else HAEMOGLOBIN if unit == "g/L" else OWN_UNIT
        found[code] = Target(
            code,
            definition.label,
            definition.record_kind,
            names.value,
            names.limit,
            family,
            float(spec.low if spec.low is not None else 0.0),
            float(spec.high if spec.high is not None else 1e9),
            code == "LYM",
        )
    return found


# ---- units ------------------------------------------------------------------------------------------
_COUNT_UNITS = {
    "10^9/l": 1.0,
    "x10^9/l": 1.0,
    "10*9/l": 1.0,
    "10e9/l": 1.0,
    "gpt/l": 1.0,
    "g/l": 1.0,  # giga per litre, in a count's row (never grams: haemoglobin has its own family)
    "/nl": 1.0,
    "10^3/ul": 1.0,
    "x10^3/ul": 1.0,
    "10*3/ul": 1.0,
    "k/ul": 1.0,
    "10^3/mm3": 1.0,
    "thou/ul": 1.0,
    "cells/ul": 0.001,
    "/ul": 0.001,
    "cells/mm3": 0.001,
    "/mm3": 0.001,
}
_HAEMOGLOBIN_UNITS = {"g/l": 1.0, "g/dl": 10.0}
PERCENT = "%"


def unit_key(unit: str) -> str:
    """A unit as the tables above spell it: lower case, no spaces, µ as u, ³ as 3, × as x."""
    text = unit.strip().lower().replace(" ", "").replace("µ", "u").replace("μ", "u").replace("×", "x")
    return text.replace("10⁹", "10^9").replace("10³", "10^3").replace("³", "3")


def factor(target: Target, unit: str) -> float | None:
    """The factor from `unit` to the stored unit; None when the unit is unknown for the test (and
    the percent mark returns -1: the count is a share of the WBC)."""
    key = unit_key(unit)
    if target.family == OWN_UNIT:
        return 1.0
    if key == PERCENT:
        return -1.0 if target.percent_of_wbc else None
    table = _COUNT_UNITS if target.family == COUNT else _HAEMOGLOBIN_UNITS
    return table.get(key)


def scaled(value: float, scale: float) -> float:
    """value x scale without the binary noise of the multiplication (0.0018, not 0.0018000000000000002)."""
    return value if scale == 1.0 else round(value * scale, 9)
