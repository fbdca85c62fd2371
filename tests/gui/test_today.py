"""Today: what is due, overdue or expected, in urgency order, and each line opens its dialog."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.model import CrsAssessment, PatientId
from gui.today.today_model import TodayItem, TodayKind, TodayModel, collect_today
from gui.today.today_view import TodayView
from tests.gui.words import tr


def test_overdue_and_due_doses_and_expected_checks(
    repo: Any, first_patient: Any, today: dt.date, now: dt.datetime
) -> None:
    items = collect_today(repo, today, now)
    mine = [i for i in items if i.patient_id == first_patient]
    kinds = [(i.kind, i.toxicity) for i in mine]
    doses = [(TodayKind.DOSE_OVERDUE, ""), (TodayKind.DOSE_DUE, "")]
    assert kinds == [*doses, (TodayKind.CHECK, "crs"), (TodayKind.CHECK, "icans")]
    overdue = mine[0]
    oldest = min(
        (d for d in repo.doses(first_patient) if d.planned_date < today), key=lambda d: d.planned_date
    )
    assert overdue.dose_id == oldest.id and overdue.since == oldest.planned_date
    assert overdue.text.startswith("4 doses not recorded")
    # 044-0020 has no cycle: nothing to do for them.
    assert {i.subject_id for i in items} == {"044-0012"}


def test_items_are_sorted_by_urgency(repo: Any, today: dt.date, now: dt.datetime) -> None:
    kinds = [i.kind for i in collect_today(repo, today, now)]
    assert kinds == sorted(kinds, reverse=True)


def test_recording_the_doses_and_a_crs_check_clears_their_lines(
    repo: Any, first_patient: Any, today: dt.date, now: dt.datetime
) -> None:
    for dose in repo.doses(first_patient):
        if dose.planned_date <= today:  # each on its own day: doses < 24 h apart are a protocol check
            at = now - dt.timedelta(days=(today - dose.planned_date).days, hours=1)
            repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=at, amount_ug=dose.planned_ug)
    repo.add_crs(
        CrsAssessment(
            first_patient, now, temperature_c=36.8, hypotension=Hypotension.NONE, oxygen=Oxygen.NONE
        )
    )
    kinds = [(i.kind, i.toxicity) for i in collect_today(repo, today, now)]
    assert kinds == [(TodayKind.CHECK, "icans")]


def test_outside_the_step_up_window_no_check_is_expected(repo: Any, today: dt.date, now: dt.datetime) -> None:
    later = today + dt.timedelta(days=10)  # cycle 1 day 15, no dose given in the last 24 h
    kinds = {i.kind for i in collect_today(repo, later, now + dt.timedelta(days=10))}
    assert TodayKind.CHECK not in kinds
    assert TodayKind.DOSE_OVERDUE in kinds


def test_today_model_passes_qtmodeltester(
    qtmodeltester: Any, repo: Any, today: dt.date, now: dt.datetime
) -> None:
    model = TodayModel()
    model.set_items(collect_today(repo, today, now))
    assert model.rowCount() == 4
    qtmodeltester.check(model)


def test_background_refresh_fills_the_view(qtbot: Any, session: Any) -> None:
    view = TodayView(session)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=5000)
    assert view.title.text().endswith(tr("TodayView", "Today, {0}: %n thing(s) to do", 4).split("{0}")[1])


def test_enter_on_overdue_dose_opens_record_dose_dialog(qtbot: Any, session: Any, first_patient: Any) -> None:
    dialog_module = pytest.importorskip("gui.patient.record_dose_dialog")
    view = TodayView(session)
    qtbot.addWidget(view)
    view.show()
    view.refresh_now()
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert isinstance(view.last_dialog, dialog_module.RecordDoseDialog)
    assert session.current_patient == first_patient
    view.last_dialog.reject()


def test_a_grade3_episode_puts_its_flag_first(
    repo: Any, first_patient: Any, today: dt.date, now: dt.datetime
) -> None:
    first = repo.doses(first_patient)[0]  # given: the CRS below is treatment-emergent
    repo.record_dose(
        first.id, DoseStatus.GIVEN, given_at=now - dt.timedelta(hours=5), amount_ug=first.planned_ug
    )
    repo.add_crs(
        CrsAssessment(
            first_patient, now - dt.timedelta(hours=2), 38.9, Hypotension.ONE_VASOPRESSOR, Oxygen.NONE
        )
    )
    items = collect_today(repo, today, now)
    assert items[0].kind in (TodayKind.FLAG, TodayKind.FLAG_CRITICAL)
    assert "CRS" in items[0].text and "%" in items[0].text  # cites the trial figure


def test_repeated_flags_collapse_into_one_line(
    repo: Any, first_patient: Any, today: dt.date, now: dt.datetime
) -> None:
    repo.add_crs(
        CrsAssessment(
            first_patient, now - dt.timedelta(days=4), 38.9, Hypotension.ONE_VASOPRESSOR, Oxygen.NONE
        )
    )
    for dose in repo.doses(first_patient):
        if dose.planned_date < today:  # four doses given while the grade 3 episode is open
            given = dt.datetime.combine(dose.planned_date, dt.time(12), dt.UTC)
            repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=given, amount_ug=dose.planned_ug)
    flag_lines = [i for i in collect_today(repo, today, now) if i.kind == TodayKind.FLAG]
    protocol = [i for i in flag_lines if "Protocol check" in i.text]
    assert len(protocol) == 1 and "3 similar" in protocol[0].text


def test_a_slow_older_refresh_does_not_overwrite_a_newer_one(
    qtbot: Any, session: Any, monkeypatch: pytest.MonkeyPatch, first_patient: Any
) -> None:
    import threading

    from PySide6.QtCore import QThreadPool

    from gui.today import today_view
    from gui.today.today_model import TodayItem

    if QThreadPool.globalInstance().maxThreadCount() < 2:
        pytest.skip("needs two worker threads")
    release = [threading.Event(), threading.Event()]
    started: list[int] = []

    def fake(_path: Any, _today: Any, _now: Any, *_reassess: Any) -> list[TodayItem]:
        call = len(started)
        started.append(call)
        release[call].wait(5)
        return [TodayItem(TodayKind.FLAG, first_patient, "044-0012", f"result {call}")]

    monkeypatch.setattr(today_view, "_collect_from_file", fake)
    view = TodayView(session)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: len(started) == 1)
    view.refresh()
    qtbot.waitUntil(lambda: len(started) == 2)
    release[1].set()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    release[0].set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)
    assert view.model.item(0).text == "result 1"


def _unanswered(records: list[Any], now: dt.datetime) -> list[Any]:
    """Not-gradable assessments of the last 14 days with no graded (or attributed) one after them."""
    decided = [
        a.assessed_at for a in records if a.effective_grade is not None or getattr(a, "attributed_to", "")
    ]
    return [
        a
        for a in records
        if a.effective_grade is None
        and not getattr(a, "attributed_to", "")
        and a.assessed_at >= now - dt.timedelta(days=14)
        and not any(at > a.assessed_at for at in decided)
    ]


def _per_patient_today(repo: Any, today: dt.date, now: dt.datetime) -> list[Any]:
    """Today the slow way, one patient at a time with full histories: the batched path's oracle."""
    from clinical.episodes import episodes_for
    from gui.today import today_model as tm
    from storage.repo_doses import FlagHistory, OpenEpisode

    items: list[Any] = []
    for row in repo.patient_rows(repo.patient_ids(), today):
        if not (row.open_flags or (row.status == "on_treatment" and row.current_cycle is not None)):
            continue
        pid, doses = row.id, repo.doses(row.id)
        items += tm._dose_items(row, doses, today)
        checked = {
            "crs": [a.assessed_at for a in repo.crs(pid)],
            "icans": [a.assessed_at for a in repo.icans(pid)],
        }
        items += tm._assessment_items(row, doses, checked, today, now)
        pending = {"crs": _unanswered(repo.crs(pid), now), "icans": _unanswered(repo.icans(pid), now)}
        items += tm._not_gradable_items(row, pending)
        # the data-defined kinds' records (adverse events, injection site reactions, lab terms): open
        # events are Today lines, and a serious event open or recent has the patient's flags read
        records = {k: v for k, v in repo.records_by_kind(pid).items() if k not in ("crs", "icans", "lab")}
        events = {d.record_kind: records.get(d.record_kind, []) for d in tm.event_toxicities()}
        items += tm._open_event_items(row, events)
        recent = now - tm.RECENT_FLAGS
        serious = any(
            d.serious(r) and (d.resolved(r) is None or r.assessed_at >= recent)
            for d in tm.event_toxicities()
            for r in events[d.record_kind]
        )
        if tm.may_have_flags(row) or serious:
            history = FlagHistory(
                repo.get_patient(pid), doses, repo.crs(pid), repo.icans(pid), repo.labs(pid),
                repo.cycles(pid), records,
            )  # fmt: skip
            items += tm._flag_items(row, history, today, now)
        built = episodes_for(pid, {"crs": repo.crs(pid), "icans": repo.icans(pid), "lab": repo.labs(pid)})
        open_now = {
            str(e.toxicity): OpenEpisode(e.onset, e.peak_grade, e.grades[-1][0]) for e in built if e.is_open
        }
        items += tm._episode_items(row, open_now, now, tm.EPISODE_REASSESS)
    from clinical.toxicities import toxicities

    order = {d.id: d.order for d in toxicities()}  # the registry's order (CRS, ICANS, ..., adverse event)
    return sorted(items, key=lambda i: (-i.kind, order.get(i.toxicity, 0), i.since or today, i.subject_id))


def _open_some_episodes(repo: Any, now: dt.datetime) -> None:
    """The demo's episodes have all resolved by `now`: open CRS and ICANS episodes in a few
    patients on treatment, one closed again by a grade 0, so the episode lines are compared too."""
    from clinical.choices import Consciousness
    from clinical.model import IcansAssessment

    treated = [r.id for r in repo.patient_rows(repo.patient_ids(), now.date()) if r.status == "on_treatment"]
    for n, pid in enumerate(treated[:6]):
        at = now - dt.timedelta(hours=3 + n)
        hypotension = Hypotension.FLUIDS if n % 2 else Hypotension.NONE
        repo.add_crs(CrsAssessment(pid, at, 38.9, hypotension, Oxygen.NONE))
        if n == 2:
            repo.add_crs(CrsAssessment(pid, at + dt.timedelta(hours=1), 36.8, Hypotension.NONE, Oxygen.NONE))
        if n % 2:
            repo.add_icans(IcansAssessment(pid, at, Consciousness.ALERT, (True,) * 8 + (False,) * 2))


@pytest.mark.parametrize("patients", [15, 45])
def test_batched_today_matches_per_patient_reads_in_a_fixed_number_of_queries(
    tmp_path: Any, patients: int
) -> None:
    from clinical.demo import generate_cohort
    from storage.repository import Repository

    now = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
    today = now.astimezone().date()
    with Repository.open(tmp_path / "cohort.db", user="tester", clock=lambda: now) as repo:
        repo.bulk_insert(list(generate_cohort(patients, 3, today)))
        _open_some_episodes(repo, now)
        statements: list[str] = []
        repo._db.conn.set_trace_callback(statements.append)
        items = collect_today(repo, today, now)
        repo._db.conn.set_trace_callback(None)
        assert items and items == _per_patient_today(repo, today, now)
        # the demo's adverse events (issue 15) give open-event lines, compared with the oracle too
        assert {
            (TodayKind.EPISODE, "crs"),
            (TodayKind.EPISODE, "icans"),
            (TodayKind.EPISODE, "adverse_event"),
        } <= {(i.kind, i.toxicity) for i in items}
    # candidates + list rows (one per 500 patients) + due + given + 2 assessment kinds + 7 history
    # queries (the sixth: cycles with a confirmed protocol check; the seventh: the records of every
    # data-defined toxicity, issue 14) + a not-gradable query per kind (CRS, ICANS and each data-defined
    # toxicity: the injection site reaction, the adverse event, the eight CTCAE lab terms of issue 15)
    # + 2 open-episode kinds + 1 event records query (the adverse events open or recent, issue 15):
    # the same count whatever the number of patients
    from clinical.toxicities import ToxicityRecord, toxicities

    data_defined = [d for d in toxicities() if d.record_type is ToxicityRecord]
    assert len(data_defined) == 10 and len(statements) == 18 + len(data_defined)


def test_rows_rewrap_when_the_details_column_narrows(qtbot: Any, session: Any) -> None:
    """Heights set at a refresh must follow later widths, or a long flag sentence ends in "…"."""
    view = TodayView(session)
    qtbot.addWidget(view)
    view.resize(1400, 500)
    view.show()
    qtbot.waitExposed(view)
    sentence = (
        "Grade 4 CRS. Grade 3-4 CRS was reported in 20 % of patients in the SC blinatumomab phase 1/2 trial."
    )
    view._loaded([TodayItem(TodayKind.FLAG_CRITICAL, PatientId(1), "044-0001", sentence)])
    one_line = view.table.rowHeight(0)
    view.resize(500, 500)  # the Details column is now far too narrow for one line
    qtbot.waitUntil(lambda: view.table.rowHeight(0) > one_line, timeout=2000)
    assert view.table.rowHeight(0) == view.table.sizeHintForRow(0)


def test_a_not_gradable_crs_check_stays_on_today_until_a_graded_one_follows(
    repo: Any, first_patient: Any, today: dt.date, now: dt.datetime
) -> None:
    """Issue 11: a CRS assessment without a temperature is a check still to do, not a CRS check done."""
    repo.add_crs(
        CrsAssessment(
            first_patient,
            now - dt.timedelta(hours=2),
            temperature_c=None,
            hypotension=Hypotension.MULTIPLE_VASOPRESSORS,
            oxygen=Oxygen.NONE,
        )
    )
    crs_lines = [
        i for i in collect_today(repo, today, now) if (i.kind, i.toxicity) == (TodayKind.CHECK, "crs")
    ]
    assert len(crs_lines) == 1
    still_to_do = tr("TodayModel", "{0} at {1}: {2}; the check is still to do").split("{2}")[1]
    assert "not gradable: temperature not recorded" + still_to_do in crs_lines[0].text
    repo.add_crs(
        CrsAssessment(
            first_patient, now - dt.timedelta(hours=1), temperature_c=36.9, hypotension=Hypotension.NONE,
            oxygen=Oxygen.NONE,
        )
    )  # fmt: skip
    assert [
        i for i in collect_today(repo, today, now) if (i.kind, i.toxicity) == (TodayKind.CHECK, "crs")
    ] == []


def test_crs_attributed_to_another_cause_is_not_a_check_to_do(
    repo: Any, first_patient: Any, today: dt.date, now: dt.datetime
) -> None:
    repo.add_crs(
        CrsAssessment(
            first_patient, now - dt.timedelta(hours=2), temperature_c=39.0,
            hypotension=Hypotension.FLUIDS, oxygen=Oxygen.NONE, attributed_to="infection",
        )
    )  # fmt: skip
    assert [
        i for i in collect_today(repo, today, now) if (i.kind, i.toxicity) == (TodayKind.CHECK, "crs")
    ] == []
