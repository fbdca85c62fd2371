"""Injection site rotation as history (issue 18): the sites of the patient's last given doses.

A display of what was done, newest first, so that a nurse sees where the last injections went; it
never names a site to use next (no SC site-rotation rule is published: clinical-reference-2.md §2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from clinical.choices import DoseStatus, InjectionSite
from clinical.model import Dose

RECENT_SITES = 4  # how many of the last sites the calendar shows (a display choice)


@dataclass(frozen=True)
class SiteUse:
    given_at: dt.datetime
    site: InjectionSite


def recent_sites(doses: Iterable[Dose], count: int = RECENT_SITES) -> list[SiteUse]:
    """The sites of the last `count` given, non-voided doses that recorded one, newest first."""
    used = [
        SiteUse(d.given_at, d.site)
        for d in doses
        if d.status is DoseStatus.GIVEN and not d.voided and d.given_at is not None and d.site is not None
    ]
    return sorted(used, key=lambda u: u.given_at, reverse=True)[:count]
