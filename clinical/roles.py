"""The role matrix (issue 16): who may do what, as one table of data.

`MATRIX` is the only place that says which role may do an action. The storage layer refuses a write
the signed-in role lacks (`refusal`, a sentence such as "A nurse cannot correct a record: ask a
physician."), and the window enables its actions from the same table (`allowed`). Roles follow the
issue and reliability-reference A3.3: a nurse enters doses, assessments, labs and adverse events; a
physician also corrects, overrides grades and signs; an investigator also has the cohort views and
reports; an administrator manages users and backups, and can neither edit clinical data nor sign
(so a password reset cannot produce someone else's signature, Part 11 §11.200(a)(3)).
"""

from __future__ import annotations

from typing import Final

ROLES: Final = ("nurse", "physician", "investigator", "administrator")

# action: (what the sentence calls it, the roles allowed, in the order a refusal names the first)
MATRIX: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "enter": ("enter clinical data", ("nurse", "physician", "investigator")),
    "correct": ("correct a record", ("physician", "investigator")),
    "override_grade": ("override a grade", ("physician", "investigator")),
    "void": ("void a record", ("physician", "investigator")),
    "sign": ("sign a cycle", ("physician", "investigator")),
    "cohort": ("open the cohort views", ("investigator",)),
    "report": ("export reports", ("investigator",)),
    "manage_users": ("manage users", ("administrator",)),
    "backup": ("back up or restore the database", ("administrator",)),
}
ACTIONS: Final = tuple(MATRIX)


def allowed(role: str, action: str) -> bool:
    """Whether `role` may do `action` (KeyError for an action the table does not name)."""
    return role in MATRIX[action][1]


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def refusal(role: str, action: str) -> str:
    """The sentence a refused user reads: who cannot do what, and whom to ask."""
    what, roles = MATRIX[action]
    ask = roles[0]
    return f"{_article(role).capitalize()} {role} cannot {what}: ask {_article(ask)} {ask}."
