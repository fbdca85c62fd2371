"""The role matrix as a table (issue 16) and the password rules (clinical/passwords.py)."""

from __future__ import annotations

import pytest

from clinical import roles
from clinical.passwords import MAX_LENGTH, MIN_LENGTH, common_passwords, password_problem

# The issue's roles, spelled out independently of clinical/roles.py: Y = allowed.
#               enter correct override void sign cohort report users backup
SPEC = {
    "nurse": "Y     .       .        .    .    .      .      .     .",
    "physician": "Y     Y       Y        Y    Y    .      .      .     .",
    "investigator": "Y     Y       Y        Y    Y    Y      Y      .     .",
    "administrator": ".     .       .        .    .    .      .      Y     Y",
}
SPEC_ACTIONS = (
    "enter",
    "correct",
    "override_grade",
    "void",
    "sign",
    "cohort",
    "report",
    "manage_users",
    "backup",
)
CASES = [
    (role, action, marks.split()[i] == "Y")
    for role, marks in SPEC.items()
    for i, action in enumerate(SPEC_ACTIONS)
]


def test_the_table_names_every_action_and_role_of_the_spec() -> None:
    assert set(roles.ACTIONS) == set(SPEC_ACTIONS)
    assert set(roles.ROLES) == set(SPEC)


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_role_matrix(role: str, action: str, expected: bool) -> None:
    assert roles.allowed(role, action) is expected


def test_refusal_sentence_names_the_role_to_ask() -> None:
    assert roles.refusal("nurse", "correct") == "A nurse cannot correct a record: ask a physician."
    assert roles.refusal("administrator", "sign") == "An administrator cannot sign a cycle: ask a physician."
    assert (
        roles.refusal("physician", "cohort")
        == "A physician cannot open the cohort views: ask an investigator."
    )
    assert roles.refusal("nurse", "manage_users") == "A nurse cannot manage users: ask an administrator."


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("abcdefgh-1k", True),  # 11 characters
        ("abcdefgh-1kq", False),  # 12
        ("x" * 12, True),  # one character repeated
        ("Tr0ub4dor&3-horse " * 7 + "ab", False),  # 128
        ("z9" * (MAX_LENGTH // 2) + "q", True),  # one above the upper bound
        ("QwertyQwerty", True),  # on the shipped list, in another case
        ("1q2w3e4r5t6y", True),
        ("nina.nurse-01", True),  # the user id itself
        ("correct horse battery", False),
    ],
)
def test_password_rules(password: str, refused: bool) -> None:
    problem = password_problem(password, "Nina.Nurse-01")
    assert (problem is not None) is refused, problem


def test_length_limits_are_the_issue_s() -> None:
    assert MIN_LENGTH == 12 and MAX_LENGTH >= 128
    assert password_problem("k" + "abcdefghij") == "A password needs at least 12 characters; this one has 11."


def test_the_shipped_list_is_read_without_its_comments() -> None:
    common = common_passwords()
    assert "qwertyqwerty" in common and len(common) >= 20
    assert not any(entry.startswith("#") for entry in common)
    assert all(len(entry) >= MIN_LENGTH for entry in common)  # shorter ones are refused anyway
