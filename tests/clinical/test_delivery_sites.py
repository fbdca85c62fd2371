"""Issue 18: the last injection sites, newest first, from given doses that recorded a site."""

from __future__ import annotations

import datetime as dt

from clinical.choices import DoseStatus, InjectionSite
from clinical.delivery import recent_sites
from clinical.model import CycleId, Dose, PatientId

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _dose(
    day: int, site: InjectionSite | None, status: DoseStatus = DoseStatus.GIVEN, voided: bool = False
) -> Dose:
    given = T0 + dt.timedelta(days=day) if status is DoseStatus.GIVEN else None
    return Dose(
        PatientId(1),
        CycleId(1),
        day + 1,
        given.date() if given else T0.date(),
        250.0,
        status=status,
        given_at=given,
        amount_ug=250.0 if given else None,
        site=site,
        voided=voided,
    )


def test_newest_first_only_given_doses_with_a_site_at_most_four() -> None:
    doses = [
        _dose(0, InjectionSite.ABDOMEN_LEFT),
        _dose(1, InjectionSite.ABDOMEN_RIGHT),
        _dose(2, None),  # no site recorded: not shown
        _dose(3, InjectionSite.THIGH_LEFT),
        _dose(4, InjectionSite.THIGH_RIGHT, voided=True),  # entered in error
        _dose(5, InjectionSite.ARM_LEFT),
        _dose(6, InjectionSite.ARM_RIGHT),
        _dose(7, None, status=DoseStatus.HELD),
    ]
    used = recent_sites(reversed(doses))
    assert [u.site for u in used] == [
        InjectionSite.ARM_RIGHT,
        InjectionSite.ARM_LEFT,
        InjectionSite.THIGH_LEFT,
        InjectionSite.ABDOMEN_RIGHT,
    ]
    assert recent_sites([]) == []
