"""The trial's published incidence figures, read from data/trial.toml with their source and caveats."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from clinical.data import packaged_text
from clinical.toxicities.registry import toxicities

TRIAL_FILE = "trial.toml"


def trial_key(value: object) -> str:
    """`value` if it is the `trial_key` of a registered toxicity (clinical/toxicities), else
    ValueError naming them: a figure nothing can be compared with is a typo, not data."""
    keys = [d.trial_key for d in toxicities() if d.trial_key]
    if not isinstance(value, str) or value not in keys:
        raise ValueError(f"toxicity must be one of: {', '.join(keys)} (got {value!r})")
    return value


@dataclass(frozen=True)
class TrialIncidence:
    """One toxicity's pooled grade 3-4 rate, as published (seed), and the count back-calculated
    from it. The count is NOT a published figure; show it only labelled as back-calculated."""

    toxicity: str  # the figure's key, a definition's `trial_key` ("crs")
    rate: float
    back_calculated_events: int
    back_calculated_patients: int

    @property
    def percent_text(self) -> str:
        """The rate as the trial reports it, e.g. "20 %"."""
        return f"{self.rate * 100:.0f} %"


@dataclass(frozen=True)
class TrialReference:
    """What the cohort comparison compares against: figures, where they come from, how far to trust them."""

    registry_id: str
    short_name: str
    citation: str
    status: str  # how the figures were checked, in words a user reads
    basis: str  # what each figure is: grade, pooling, n, analysis
    patients: int
    arms: str
    grades: str
    caveats: tuple[str, ...]
    incidence: tuple[TrialIncidence, ...]
    serious_ae_rate: float | None = None  # patients with a serious adverse event, any grade; None: not given

    @property
    def serious_text(self) -> str:
        """The serious adverse event figure in words, or "" when the file gives none."""
        if self.serious_ae_rate is None:
            return ""
        return (
            f"The {self.short_name} ({self.registry_id}) reported serious adverse events in "
            f"{self.serious_ae_rate * 100:.0f} % of patients (any grade, pooled, as given in the trial "
            "summary, not checked against the full paper)."
        )

    def figure(self, toxicity: str) -> TrialIncidence:
        """The incidence under one trial key (a definition's `trial_key`); ValueError for a key the
        trial gives no figure for, or that no registered toxicity has."""
        wanted = trial_key(toxicity)
        for item in self.incidence:
            if item.toxicity == wanted:
                return item
        raise ValueError(f"the trial reference has no figure for {wanted}")

    def rate(self, toxicity: str) -> float:
        return self.figure(toxicity).rate

    @property
    def source_text(self) -> str:
        """One line for a report footnote or a tooltip."""
        return f"{self.short_name} ({self.registry_id}); {self.citation}. How it was checked: {self.status}."

    def figure_text(self, toxicity: str) -> str:
        """One trial figure with what it is, e.g. "20 % of patients (grade 3-4, pooled over both
        regimens, n = 88, ...)": every place that cites a figure says what it is (issue 11)."""
        return f"{self.figure(toxicity).percent_text} of patients ({self.basis})"


def _text(table: Mapping[str, object], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"trial reference: {key} must be non-empty text")
    return value


def _whole(table: Mapping[str, object], key: str) -> int:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"trial reference: {key} must be a whole number (got {value!r})")
    return value


def _proportion(value: object) -> float | None:
    """An optional proportion from 0 to 1 (None when absent)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, float | int) or not 0 <= value <= 1:
        raise ValueError(f"trial reference: serious_ae_rate must be a proportion from 0 to 1 (got {value!r})")
    return float(value)


def _incidence(table: Mapping[str, object]) -> TrialIncidence:
    rate = table.get("rate")
    if isinstance(rate, bool) or not isinstance(rate, float | int) or not 0 <= rate <= 1:
        raise ValueError(f"trial reference: rate must be a proportion from 0 to 1 (got {rate!r})")
    events = _whole(table, "back_calculated_events")
    patients = _whole(table, "back_calculated_patients")
    if events > patients:
        raise ValueError("trial reference: back-calculated events exceed patients")
    return TrialIncidence(trial_key(table.get("toxicity")), float(rate), events, patients)


def parse_trial(text: str) -> TrialReference:
    """A `TrialReference` from TOML text; ValueError says what is missing or malformed."""
    data = tomllib.loads(text)
    head = data.get("trial")
    items = data.get("incidence")
    if not isinstance(head, dict) or not isinstance(items, list):
        raise ValueError("trial reference: needs a [trial] table and [[incidence]] tables")
    caveats = head.get("caveats", [])
    if not isinstance(caveats, list) or not all(isinstance(c, str) for c in caveats):
        raise ValueError("trial reference: caveats must be a list of text")
    return TrialReference(
        registry_id=_text(head, "registry_id"),
        short_name=_text(head, "short_name"),
        citation=_text(head, "citation"),
        status=_text(head, "status"),
        basis=_text(head, "basis"),
        patients=_whole(head, "patients"),
        arms=str(head.get("arms", "")),
        grades=str(head.get("grades", "3-4")),
        caveats=tuple(caveats),
        incidence=tuple(_incidence(item) for item in items),
        serious_ae_rate=_proportion(head.get("serious_ae_rate")),
    )


def load_trial(path: Path | None = None) -> TrialReference:
    """Read a trial file (default: the packaged data/trial.toml)."""
    text = packaged_text(TRIAL_FILE) if path is None else path.read_text("utf-8")
    return parse_trial(text)


@functools.cache
def trial() -> TrialReference:
    """The packaged trial reference, read once (immutable reference data)."""
    return load_trial()
