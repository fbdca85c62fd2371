"""The explicit schema: STRICT tables, NOT NULL, foreign keys, CHECK ranges; indexes of versions 1 and 3;
the assessment tables as version 4 rebuilds them (nullable grade, CRS attribution).

CHECK constraints are the second line of defence behind storage/validation.py: a value that gets
past validation and breaks one of these is a bug, and the write fails rather than storing it.
Times are UTC ISO-8601 text, dates ISO text, choices text with CHECK IN, ICE items '0'/'1' x 10.
"""

from __future__ import annotations

from enum import Enum

from clinical.choices import (
    Consciousness,
    DoseReason,
    DoseStatus,
    Hypotension,
    InjectionSite,
    Motor,
    Oxygen,
    PatientStatus,
    RaisedIcp,
    Seizure,
    Sex,
)

# "ToxT" in ASCII: PRAGMA application_id marks a SQLite file as ours (sqlite.org/fileformat2.html).
APPLICATION_ID = 0x546F7854

# The audit actions of schema versions 1-8 (the CHECK of the audit_log that version 1 creates) and those
# version 9 adds for user accounts (issue 16): sign-in events, role changes, password resets.
AUDIT_ACTIONS_V1 = ("insert", "record", "move", "correct", "void", "unvoid")
ACCOUNT_ACTIONS = (
    "sign_in",
    "sign_out",
    "sign_in_failed",
    "role_change",
    "deactivate",
    "password_reset",
    "password_change",
    "sign",  # a cycle signed (the cycle_signature row's first entry, as an insert is)
    "lock",  # the window locked after inactivity
    "unlock",
    "import",  # records brought in from another file (issue 19)
)
AUDIT_ACTIONS = AUDIT_ACTIONS_V1 + ACCOUNT_ACTIONS

# Clinical table per record kind that has one (the names the API's `kind` argument uses); the
# records of every toxicity, CRS, ICANS and lab results included, are rows of the one assessment
# table (`ASSESSMENT_TABLE`, schema version 8: storage/layout.py).
TABLES: dict[str, str] = {
    "patient": "patient",
    "cycle": "cycle",
    "dose": "dose",
}


def _in(column: str, choices: type[Enum], nullable: bool = False) -> str:
    values = ", ".join(f"'{member.value}'" for member in choices)
    check = f"{column} IN ({values})"
    return f"CHECK ({column} IS NULL OR {check})" if nullable else f"CHECK ({check})"


_DATE = "CHECK ({0} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"
_TIME = "CHECK ({0} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*+00:00')"
_FLAG = "CHECK ({0} IN (0, 1))"
_GRADES = """grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
    scale TEXT NOT NULL CHECK (length(scale) <= 200),
    reasons TEXT NOT NULL CHECK (reasons GLOB '[[]*]'),"""
_OVERRIDE = """override_grade INTEGER CHECK (override_grade IS NULL OR override_grade BETWEEN 0 AND 5),
    override_reason TEXT NOT NULL DEFAULT '' CHECK (length(override_reason) <= 2000),"""
_OVERRIDE_CHECK = "CHECK (override_grade IS NULL OR length(override_reason) > 0)"
_TAIL = """recorded_by TEXT NOT NULL DEFAULT '' CHECK (length(recorded_by) <= 200),
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT NOT NULL DEFAULT '' CHECK (length(void_reason) <= 2000)"""
_PATIENT_FK = "patient_id INTEGER NOT NULL REFERENCES patient(id)"


def schema_v1() -> list[str]:
    """The CREATE statements of schema version 1, in dependency order."""
    return [
        """CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT""",
        f"""CREATE TABLE patient (
    id INTEGER PRIMARY KEY,
    subject_id TEXT NOT NULL UNIQUE CHECK (length(subject_id) BETWEEN 1 AND 40),
    regimen TEXT NOT NULL CHECK (length(regimen) BETWEEN 1 AND 200),
    enrolment_date TEXT NOT NULL {_DATE.format("enrolment_date")},
    sex TEXT NOT NULL {_in("sex", Sex)},
    birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2200),
    name TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    mrn TEXT NOT NULL DEFAULT '' CHECK (length(mrn) <= 200),
    status TEXT NOT NULL {_in("status", PatientStatus)},
    status_reason TEXT NOT NULL DEFAULT '' CHECK (length(status_reason) <= 2000),
    notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    voided INTEGER NOT NULL DEFAULT 0 {_FLAG.format("voided")},
    void_reason TEXT NOT NULL DEFAULT '' CHECK (length(void_reason) <= 2000)
) STRICT""",
        f"""CREATE TABLE cycle (
    id INTEGER PRIMARY KEY,
    {_PATIENT_FK},
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
    start_date TEXT NOT NULL {_DATE.format("start_date")},
    voided INTEGER NOT NULL DEFAULT 0 {_FLAG.format("voided")},
    void_reason TEXT NOT NULL DEFAULT '' CHECK (length(void_reason) <= 2000)
) STRICT""",
        f"""CREATE TABLE dose (
    id INTEGER PRIMARY KEY,
    {_PATIENT_FK},
    cycle_id INTEGER NOT NULL REFERENCES cycle(id),
    cycle_day INTEGER NOT NULL CHECK (cycle_day BETWEEN 1 AND 366),
    planned_date TEXT NOT NULL {_DATE.format("planned_date")},
    planned_ug REAL NOT NULL CHECK (planned_ug > 0),
    status TEXT NOT NULL {_in("status", DoseStatus)},
    given_at TEXT CHECK (given_at IS NULL OR given_at GLOB '????-??-??T*+00:00'),
    amount_ug REAL CHECK (amount_ug IS NULL OR amount_ug > 0),
    site TEXT {_in("site", InjectionSite, nullable=True)},
    lot TEXT NOT NULL DEFAULT '' CHECK (length(lot) <= 200),
    reason TEXT {_in("reason", DoseReason, nullable=True)},
    reason_text TEXT NOT NULL DEFAULT '' CHECK (length(reason_text) <= 2000),
    premedication TEXT NOT NULL DEFAULT '' CHECK (length(premedication) <= 200),
    {_TAIL},
    CHECK (status <> 'given' OR (given_at IS NOT NULL AND amount_ug IS NOT NULL)),
    CHECK (status NOT IN ('held', 'missed') OR reason IS NOT NULL)
) STRICT""",
        f"""CREATE TABLE crs_assessment (
    id INTEGER PRIMARY KEY,
    {_PATIENT_FK},
    assessed_at TEXT NOT NULL {_TIME.format("assessed_at")},
    temperature_c REAL CHECK (temperature_c IS NULL OR temperature_c BETWEEN 30 AND 45),
    hypotension TEXT NOT NULL {_in("hypotension", Hypotension)},
    oxygen TEXT NOT NULL {_in("oxygen", Oxygen)},
    fever_masked INTEGER NOT NULL DEFAULT 0 {_FLAG.format("fever_masked")},
    treatment TEXT NOT NULL DEFAULT '' CHECK (length(treatment) <= 200),
    {_GRADES}
    {_OVERRIDE}
    {_TAIL},
    {_OVERRIDE_CHECK}
) STRICT""",
        f"""CREATE TABLE icans_assessment (
    id INTEGER PRIMARY KEY,
    {_PATIENT_FK},
    assessed_at TEXT NOT NULL {_TIME.format("assessed_at")},
    consciousness TEXT NOT NULL {_in("consciousness", Consciousness)},
    ice_items TEXT CHECK (ice_items IS NULL OR
        (length(ice_items) = 10 AND ice_items NOT GLOB '*[^01]*')),
    ice_unable_reason TEXT NOT NULL DEFAULT '' CHECK (length(ice_unable_reason) <= 200),
    seizure TEXT NOT NULL {_in("seizure", Seizure)},
    motor TEXT NOT NULL {_in("motor", Motor)},
    raised_icp TEXT NOT NULL {_in("raised_icp", RaisedIcp)},
    treatment TEXT NOT NULL DEFAULT '' CHECK (length(treatment) <= 200),
    {_GRADES}
    {_OVERRIDE}
    {_TAIL},
    {_OVERRIDE_CHECK}
) STRICT""",
        f"""CREATE TABLE lab_result (
    id INTEGER PRIMARY KEY,
    {_PATIENT_FK},
    drawn_at TEXT NOT NULL {_TIME.format("drawn_at")},
    anc REAL NOT NULL CHECK (anc BETWEEN 0 AND 100),
    lln REAL CHECK (lln IS NULL OR lln BETWEEN 0 AND 100),
    wbc REAL CHECK (wbc IS NULL OR wbc BETWEEN 0 AND 1000),
    platelets REAL CHECK (platelets IS NULL OR platelets BETWEEN 0 AND 5000),
    haemoglobin_g_l REAL CHECK (haemoglobin_g_l IS NULL OR haemoglobin_g_l BETWEEN 0 AND 300),
    crp_mg_l REAL CHECK (crp_mg_l IS NULL OR crp_mg_l BETWEEN 0 AND 1000),
    ferritin_ug_l REAL CHECK (ferritin_ug_l IS NULL OR ferritin_ug_l BETWEEN 0 AND 1000000),
    grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
    reasons TEXT NOT NULL CHECK (reasons GLOB '[[]*]'),
    ctcae_version TEXT NOT NULL CHECK (length(ctcae_version) BETWEEN 1 AND 20),
    {_TAIL}
) STRICT""",
        f"""CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL {_TIME.format("at")},
    user_name TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ({", ".join(f"'{a}'" for a in AUDIT_ACTIONS_V1)})),
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    changes TEXT NOT NULL CHECK (changes GLOB '{{*}}'),
    reason TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT""",
        """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
        """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
        "CREATE INDEX patient_name ON patient (name COLLATE NOCASE)",
        "CREATE UNIQUE INDEX cycle_number ON cycle (patient_id, number) WHERE voided = 0",
        "CREATE INDEX dose_patient_cycle_date ON dose (patient_id, cycle_id, planned_date)",
        "CREATE INDEX dose_status_date ON dose (status, planned_date)",
        "CREATE INDEX crs_patient_time ON crs_assessment (patient_id, assessed_at)",
        "CREATE INDEX icans_patient_time ON icans_assessment (patient_id, assessed_at)",
        "CREATE INDEX lab_patient_time ON lab_result (patient_id, drawn_at)",
        "CREATE INDEX audit_table_row ON audit_log (table_name, row_id)",
    ]


# Rows at an effective grade >= 3, per table: the WHERE of the v3 partial indexes (and, until version
# 8 moved these tables into the assessment table, of the cohort query that read them).
GRADE3_ROWS: dict[str, str] = {
    "crs_assessment": "voided = 0 AND coalesce(override_grade, grade) >= 3",
    "icans_assessment": "voided = 0 AND coalesce(override_grade, grade) >= 3",
    "lab_result": "voided = 0 AND grade >= 3",
}


def indexes_v3() -> list[str]:
    """The indexes of schema version 3, for the cohort counts (benchmarks cohort_stats_ratio).

    The three partial indexes hold only the grade >= 3 rows (about 1 % of assessments and labs), so
    the counts read a few thousand entries instead of scanning a million rows, and an insert pays only
    the WHERE test for the other 99 %. `dose_cohort` covers the per-patient given/due counts (no table
    lookups); it costs one more index entry per dose written.
    """
    grade3 = [
        f"CREATE INDEX {name}_grade3 ON {table} (patient_id) WHERE {GRADE3_ROWS[table]}"
        for name, table in (("crs", "crs_assessment"), ("icans", "icans_assessment"), ("lab", "lab_result"))
    ]
    return [*grade3, "CREATE INDEX dose_cohort ON dose (patient_id, status, planned_date) WHERE voided = 0"]


def indexes_v6() -> list[str]:
    """Schema version 6: the given doses' times per patient, for the treatment-emergent window of the
    cohort counts (storage/cohort.py `win`): min and max given_at per patient from the index alone,
    instead of a table lookup per given dose (~80 ms on the 10,000-patient benchmark file). Partial,
    so held, missed and planned doses cost nothing."""
    return [
        "CREATE INDEX IF NOT EXISTS dose_given ON dose (patient_id, given_at) "
        "WHERE voided = 0 AND status = 'given'"
    ]


# Version 4 (issue 11, "missing is not normal"): the CRS and ICANS grade may be NULL ("not gradable":
# no temperature, or ICE not assessed with every other domain normal; or CRS signs the clinician
# attributes to another cause, `attributed_to`). SQLite cannot drop a NOT NULL in place, so step 4
# rebuilds the two tables with these definitions; the column order of version 1 is kept and the new
# column goes last.
_GRADES_V4 = """grade INTEGER CHECK (grade IS NULL OR grade BETWEEN 0 AND 5),
    scale TEXT NOT NULL CHECK (length(scale) <= 200),
    reasons TEXT NOT NULL CHECK (reasons GLOB '[[]*]'),"""
V4_ASSESSMENT_INDEXES: dict[str, tuple[str, ...]] = {
    "crs_assessment": ("crs_patient_time", "crs_grade3"),
    "icans_assessment": ("icans_patient_time", "icans_grade3"),
}


def assessment_tables_v4(suffix: str = "") -> dict[str, str]:
    """CREATE TABLE of crs_assessment and icans_assessment at version 4 (named with `suffix`)."""
    v1 = {s.split()[2]: s for s in schema_v1() if s.startswith("CREATE TABLE")}
    result = {}
    for table in V4_ASSESSMENT_INDEXES:
        statement = v1[table].replace(_GRADES, _GRADES_V4, 1)
        if table == "crs_assessment":
            statement = statement.replace(
                f"{_TAIL},",
                f"{_TAIL},\n    attributed_to TEXT NOT NULL DEFAULT '' CHECK (length(attributed_to) <= 200),",
                1,
            )
        result[table] = statement.replace(f"CREATE TABLE {table} (", f"CREATE TABLE {table}{suffix} (", 1)
    return result


def assessment_indexes_v4() -> list[str]:
    """The indexes of the two rebuilt tables (a rebuild drops them with the old table)."""
    wanted = {name for names in V4_ASSESSMENT_INDEXES.values() for name in names}
    statements = [*schema_v1(), *indexes_v3()]
    return [s for s in statements if s.startswith("CREATE INDEX") and s.split()[2] in wanted]


def columns_v5() -> list[str]:
    """The columns schema version 5 adds: the demo marker on the patient row (issue 11, "demo data
    stay demo") and the confirmed reason of a protocol exception on a cycle and a dose ("check entries
    against the plan"). Empty text means no exception was confirmed; existing rows get 0 and ''."""
    deviation = "deviation TEXT NOT NULL DEFAULT '' CHECK (length(deviation) <= 2000)"
    return [
        "ALTER TABLE patient ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1))",
        f"ALTER TABLE cycle ADD COLUMN {deviation}",
        f"ALTER TABLE dose ADD COLUMN {deviation}",
    ]


# Version 7 (issue 14): one table for the records of every toxicity defined as data
# (clinical/toxicities), so a new toxicity needs no table, column or index of its own. `kind` is the
# definition's record kind; `inputs` its validated input values as a JSON object keyed by the
# definition's input names (the linked dose is the `dose_id` column, a real foreign key). The CHECK
# is the shape check the `reasons` column has: SQLite 3.40's JSON functions are not "innocuous", so
# under trusted_schema=OFF (storage/connection.py) a CHECK calling json_valid() cannot even be
# created; storage writes only json.dumps() text, and the audit replay compares it.
# `effective_grade` (the override, else the computed grade) is a real column kept by storage with
# each write and pinned by a CHECK, so the Today, flag and cohort queries read and index it directly
# (a generated column would appear in SELECT * but not in PRAGMA table_info, which the audit replay
# reads). Its partial index holds only the grade >= 3 rows: the cohort counts' and Today's.
ASSESSMENT_TABLE = "assessment"
ASSESSMENT_GRADE3 = "voided = 0 AND effective_grade >= 3"


def assessment_table_v7() -> list[str]:
    """The CREATE statements of the generic assessment table and its indexes (schema version 7)."""
    return [
        f"""CREATE TABLE IF NOT EXISTS {ASSESSMENT_TABLE} (
    id INTEGER PRIMARY KEY,
    {_PATIENT_FK},
    kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 100 AND kind NOT GLOB '*[^a-z0-9_]*'),
    assessed_at TEXT NOT NULL {_TIME.format("assessed_at")},
    dose_id INTEGER REFERENCES dose(id),
    inputs TEXT NOT NULL CHECK (inputs GLOB '{{*}}' AND length(inputs) <= 20000),
    {_GRADES_V4}
    {_OVERRIDE}
    effective_grade INTEGER CHECK (effective_grade IS coalesce(override_grade, grade)),
    {_TAIL},
    {_OVERRIDE_CHECK}
) STRICT""",
        f"CREATE INDEX IF NOT EXISTS assessment_kind_patient_time ON {ASSESSMENT_TABLE} "
        "(kind, patient_id, assessed_at)",
        f"CREATE INDEX IF NOT EXISTS assessment_grade3 ON {ASSESSMENT_TABLE} (patient_id, assessed_at, "
        f"kind, effective_grade) WHERE {ASSESSMENT_GRADE3}",
        f"CREATE INDEX IF NOT EXISTS assessment_dose ON {ASSESSMENT_TABLE} (dose_id) "
        "WHERE dose_id IS NOT NULL",
    ]


def assessment_indexes_v8() -> list[str]:
    """Schema version 8: the per-kind index of the assessment table carries each row's void flag and
    effective grade after its time, so that the worst grade of a kind (the patient list's columns) and
    the treatment-emergent tests of the cohort counts (last grade 0 before the first dose, a recovery
    since) read the index alone instead of a table row each: with CRS, ICANS and labs in the table,
    those rows are larger (JSON inputs) and a patient's labs are many. It replaces version 7's
    (kind, patient_id, assessed_at) index, which it covers."""
    return [
        "DROP INDEX IF EXISTS assessment_kind_patient_time",
        f"CREATE INDEX IF NOT EXISTS assessment_kind_time_grade ON {ASSESSMENT_TABLE} "
        "(kind, patient_id, assessed_at, voided, effective_grade)",
    ]


def drop_moved_tables_v8() -> list[str]:
    """Schema version 8 (issue 14): the three tables whose rows moved into the assessment table are
    dropped with their indexes (DROP TABLE drops them), so storage has no table of its own per kind.
    Nothing refers to them by foreign key."""
    return [f"DROP TABLE {table}" for table in ("crs_assessment", "icans_assessment", "lab_result")]


# Version 9 (issue 16): user accounts. `app_user` is audited like a clinical table (insert, role
# change, deactivation; replayed by storage/replay.py); a user row is never deleted and its user id
# never changes, so an id in the audit trail always names the same person. `credential` holds the
# Argon2id hash (PHC string), the must-change flag of a one-time password and the failed-attempt
# count: secrets and counters stay out of the audit trail (its events say what happened, never the
# hash), so the replay leaves this table out (storage/replay.py NOT_REPLAYED).
USER_TABLE = "app_user"
CREDENTIAL_TABLE = "credential"
SIGNATURE_TABLE = "cycle_signature"
ROLE_CHOICES = ("nurse", "physician", "investigator", "administrator")


def accounts_v9() -> list[str]:
    """The CREATE statements of the account tables and their guards (schema version 9)."""
    roles = ", ".join(f"'{role}'" for role in ROLE_CHOICES)
    return [
        f"""CREATE TABLE IF NOT EXISTS {USER_TABLE} (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE COLLATE NOCASE
        CHECK (length(user_id) BETWEEN 1 AND 40 AND user_id NOT GLOB '*[^A-Za-z0-9._-]*'),
    printed_name TEXT NOT NULL CHECK (length(printed_name) BETWEEN 1 AND 200),
    role TEXT NOT NULL CHECK (role IN ({roles})),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT""",
        f"""CREATE TABLE IF NOT EXISTS {CREDENTIAL_TABLE} (
    id INTEGER PRIMARY KEY REFERENCES {USER_TABLE}(id),
    hash TEXT NOT NULL CHECK (hash GLOB '$argon2id$*'),
    must_change INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0)
) STRICT""",
        f"""CREATE TABLE IF NOT EXISTS {SIGNATURE_TABLE} (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycle(id),
    patient_id INTEGER NOT NULL REFERENCES patient(id),
    signer INTEGER NOT NULL REFERENCES {USER_TABLE}(id),
    user_id TEXT NOT NULL,
    printed_name TEXT NOT NULL,
    signed_at TEXT NOT NULL {_TIME.format("signed_at")},
    meaning TEXT NOT NULL CHECK (length(meaning) BETWEEN 1 AND 500),
    content_hash TEXT NOT NULL CHECK (length(content_hash) = 64 AND content_hash NOT GLOB '*[^0-9a-f]*'),
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT NOT NULL DEFAULT ''
) STRICT""",
        f"CREATE INDEX IF NOT EXISTS {SIGNATURE_TABLE}_patient ON {SIGNATURE_TABLE} (patient_id, cycle_id)",
        f"""CREATE TRIGGER IF NOT EXISTS {SIGNATURE_TABLE}_no_delete BEFORE DELETE ON {SIGNATURE_TABLE}
BEGIN SELECT RAISE(ABORT, 'a signature is never deleted: it is voided'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {SIGNATURE_TABLE}_fixed
BEFORE UPDATE OF cycle_id, patient_id, signer, user_id, printed_name, signed_at, meaning, content_hash
ON {SIGNATURE_TABLE}
BEGIN SELECT RAISE(ABORT, 'a signature never changes: it is voided'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {USER_TABLE}_no_delete BEFORE DELETE ON {USER_TABLE}
BEGIN SELECT RAISE(ABORT, 'a user is never deleted: deactivate it'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {USER_TABLE}_id_fixed
BEFORE UPDATE OF user_id, printed_name ON {USER_TABLE}
BEGIN SELECT RAISE(ABORT, 'a user id and its printed name never change'); END""",
    ]


def audit_log_v9() -> list[str]:
    """Version 9 rebuilds the append-only audit log to widen its action CHECK (ACCOUNT_ACTIONS):
    SQLite cannot change a CHECK in place. The rows are copied with their ids and hashes (the hash
    covers the values, not the table), the old table (with its triggers and index) is dropped, the
    new one renamed, and the triggers and index recreated as version 1 made them."""
    v1 = [s for s in schema_v1() if "audit_log" in s]
    create = next(s for s in v1 if s.startswith("CREATE TABLE audit_log"))
    old_check = ", ".join(f"'{a}'" for a in AUDIT_ACTIONS_V1)
    new_check = ", ".join(f"'{a}'" for a in AUDIT_ACTIONS)
    create = create.replace(old_check, new_check, 1).replace(
        "CREATE TABLE audit_log (", "CREATE TABLE audit_log_v9 (", 1
    )
    return [
        create,
        "INSERT INTO audit_log_v9 SELECT * FROM audit_log",
        "DROP TABLE audit_log",
        "ALTER TABLE audit_log_v9 RENAME TO audit_log",
        *[s for s in v1 if not s.startswith("CREATE TABLE")],
    ]
