<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssessmentFormDialog</name>
    <message>
        <source>Time (local, %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window is read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computed grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinician override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override the computed grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (required for an override)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot grade yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An override needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupControls</name>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last backup: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing up...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup saved and verified: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ToxTrack backups (*.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the open database with the backup {0}? The current file is kept beside it, renamed with today&apos;s date, and ToxTrack reopens the restored one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No good backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is damaged and no automatic backup of it verifies; keep this window read-only and contact your ToxTrack support contact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database failed its check and is open read-only. Restore the newest good backup, made {0}? The damaged file is kept beside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying and restoring the backup {0}...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored; the previous file was kept as {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not verified: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder {0} of the database no longer exists. Create it and restore the backup there?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder missing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CohortDashboard</name>
    <message>
        <source>Recalculate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cohort report PDF...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients treated = at least one dose given. Counted: grade ≥ 3 events %5 (values before the first dose are baseline, not counted). Exact (Clopper-Pearson) %1 % intervals and the exact two-sided binomial test that matches them; fewer than %2 patients: no verdict. Trial rates: %4; the trial reported pooled rates only, so each regimen is compared with the pooled rate. Trial: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cohort report PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: these counts include invented demo patients and describe no clinic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calculating...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not calculate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No regimen&apos;s grade ≥ 3 rate is above the trial&apos;s (whole interval).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) treated.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CohortModel</name>
    <message>
        <source>no trial comparator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too few patients to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>above the trial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>below the trial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consistent with the trial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All regimens (pooled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regimen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toxicity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade 3-4
/ treated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95 %
exact CI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trial rate
(pooled,
grade 3-4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p (exact,
two-sided)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade 5
(death), not
compared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. transcription error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The old values stay in the record&apos;s history. Grades are recomputed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A correction needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrsFormDialog</name>
    <message>
        <source>New CRS assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fever is %1 °C or more (ASTCT 2019)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature &amp;not measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fever masked: antipyretic / tocilizumab / steroid given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. tocilizumab 8 mg/kg, paracetamol 1 g</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. infection; leave empty when the signs may be CRS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinician attributes the fever, hypotension or hypoxia to this cause: the assessment is kept and shown, not graded as CRS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature (°C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hypotension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oxygen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treatment given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signs due to another cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: enter the temperature, or tick “Temperature not measured”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record CRS assessment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrsView</name>
    <message>
        <source>%1 (override; computed %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grade %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temp °C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fever
masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hypotension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oxygen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New CRS assessment...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRS %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DoseCalendarModel</name>
    <message>
        <source>Given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue: no record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned µg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given at (local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given µg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol check: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DoseCalendarView</name>
    <message>
        <source>Record dose...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move date...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start next cycle...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle summary PDF...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make this cycle&apos;s summary for the chart and open it, to print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle %1 (day 1 %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 doses due so far given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No cycle started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a patient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol check: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day %1, %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle summary PDF</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlagsModel</name>
    <message>
        <source>%1 % in the trial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toxicity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trial figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since (local)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlagsPanel</name>
    <message>
        <source>Flags point at what to check; they never say what dose to give. Double-click to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a patient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open flags.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n flag(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History of %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every change is kept; times are local with their offset from UTC.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>patient %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of 10 passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When (local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IcansFormDialog</name>
    <message>
        <source>New ICANS assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. dexamethasone 10 mg IV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consciousness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seizure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motor findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raised ICP / cerebral oedema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treatment given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICE score (one point per item passed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>City</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follows a simple command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes a standard sentence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counts back from 100 in tens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Naming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICE performed (a box not ticked is an item failed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICE not performed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient unarousable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other reason (e.g. intubated, language barrier)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICE not scored yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICE %1/10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: tick “ICE performed” (and the items passed), or “ICE not performed”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record ICANS assessment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IcansView</name>
    <message>
        <source>not performed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not done (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consciousness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seizure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raised ICP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New ICANS assessment...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICANS %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabFormDialog</name>
    <message>
        <source>New lab result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawn at (local, %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ANC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>×10⁹/L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cells/µL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CTCAE v%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v6.0 grades from a secondary source (reference §4.3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the lab that measured the sample: its last limits are offered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ANC grade (neutropenia)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other values of this sample (CTCAE v5.0, graded as you type)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limit of normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab&apos;s unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ULN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none before the first dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot grade yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ANC lower limit of normal (×10⁹/L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional; v5.0 grade 1 needs it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRP (mg/L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ferritin (µg/L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ANC: %1 is outside the allowed range, %2 to %3 ×10⁹/L (%4 to %5 cells/µL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>= %1 ×10⁹/L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>= %1 cells/µL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the ANC (%1 to %2 ×10⁹/L).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the ANC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ANC (%1 ×10⁹/L) cannot be more than the WBC of the same sample (%2 ×10⁹/L).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Converted; check the values and the grade, then save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record lab result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record lab sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 %3 is unusually %4 for a blood count in %3.

Did you mean %2 %5 (= %6 %3)?

Yes: read it as %5. No: save %2 %3 as typed. Cancel: back to the form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabHistoryModel</name>
    <message>
        <source>, baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawn (local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ANC ×10⁹/L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neutropenia grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLN ×10⁹/L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WBC ×10⁹/L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platelets ×10⁹/L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hb g/L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRP mg/L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ferritin µg/L</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabsView</name>
    <message>
        <source>New lab result...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ANC %1 ×10⁹/L drawn %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawing the ANC chart (%1 results)...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cohort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ToxTrack — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: this database holds invented demo patients. Use a new database file for real patients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read-write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cohort dashboard is not available ({0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a patient first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No planned dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This patient has no planned dose. Start a cycle in the Doses tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About ToxTrack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ToxTrack: offline tracking of subcutaneous blinatumomab toxicity (%1). Flags inform; they never tell anyone what dose to give.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait for the restore to finish before closing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MoveDoseDialog</name>
    <message>
        <source>Move dose — %1 day %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. public holiday, patient request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a different date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving a dose needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move dose to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewPatientDialog</name>
    <message>
        <source>{0} is not allowed: {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 044-0012</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. 1961 (adults only: 18 or more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional (identifying)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start cycle 1 on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject id *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regimen *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolment date *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a subject id is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a year from {0} to {1}, or empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a date on or after the enrolment date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new patient {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientListModel</name>
    <message>
        <source>C{0} ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C{0} D{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On treatment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discontinued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle / day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regimen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worst grade so far (– = never assessed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientListView</name>
    <message>
        <source>Search subject id, name or MRN  (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <source>Checking the database file: changes can be saved as soon as the check has passed (a few seconds for a large file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: changes cannot be saved in this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is open for writing by {0}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordDoseDialog</name>
    <message>
        <source>%1 · cycle %2 day %3 · planned %4 µg on %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record dose — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what was given before this dose, if anything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (local, %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount given (µg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Injection site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premedication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose a reason)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>details (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>why this dose differs from the plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason to save it anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A held or missed dose needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record dose as %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordListView</name>
    <message>
        <source>Show v&amp;oided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also list records voided as entered in error (struck through)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a patient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordMenu</name>
    <message>
        <source>Correct...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void (entered in error)...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartCycleDialog</name>
    <message>
        <source>Start cycle %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regimen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start date (cycle day 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start cycle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 planned doses, %2 to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason to start it anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start cycle %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned on a weekend: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <source>Day {0} dose ({1} µg) not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dose due: day {0}, {1} µg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} assessment expected today, none recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} at {1}: {2}; the check is still to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dose due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Enter or double-click a line to open the form that resolves it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Today, {0}: %n thing(s) to do</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>(updating…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window cannot save.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. entered in error: wrong patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I confirm this record was entered in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voiding keeps the record and its history; it no longer counts anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a reason and tick the confirmation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Doses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This view is not available yet ({0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient selected: pick one in the list (Ctrl+F to search).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This patient no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no cycle started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cycle {0} ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cycle {0} day {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no open episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} episode open, peak grade {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <source>&amp;Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New patient...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load &amp;demo cohort...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record &amp;dose...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;CRS assessment...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;ICANS assessment...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;lab result...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cohort dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ToxTrack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Database in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open it read-only? You can look at everything but save nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the database file…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>demo_cohort</name>
    <message>
        <source>Load demo cohort?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load {0} synthetic patients to try ToxTrack? They are invented and marked as demo data; use a separate database file for real patients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>load demo cohort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating the demo cohort…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <source>Reason (required)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialog_open</name>
    <message>
        <source>Not available</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Check the value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the field and save again; nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window is read-only. Close the other ToxTrack window that has the file open, then reopen it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another ToxTrack window is writing to this file. Close it or open this one read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program is holding the file. Wait a moment and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free some disk space, then save again; nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record no longer exists. Press F5 to refresh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose another file or restore a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not complete the action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the input and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ToxTrack hit an unexpected error: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved records are safe. The details were written to {0}; please send that file to your ToxTrack support contact.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <source>Adverse event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinician decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient did not attend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drug unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hospitalised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abdomen, left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abdomen, right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thigh, left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thigh, right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upper arm, left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upper arm, right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hypotension not needing vasopressors (fluids)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One vasopressor (with or without vasopressin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiple vasopressors (excluding vasopressin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low-flow nasal cannula (≤ 6 L/min) or blow-by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High-flow cannula (&gt; 6 L/min), facemask, non-rebreather or Venturi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positive pressure (CPAP, BiPAP, intubation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awakens spontaneously</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awakens to voice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awakens only to tactile stimulus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unarousable, or needs vigorous or repetitive stimuli; stupor or coma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinical seizure resolving rapidly, or EEG seizures resolving with treatment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Life-threatening prolonged seizure (&gt; 5 min) or repetitive seizures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deep focal motor weakness (hemiparesis, paraparesis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focal or local oedema on imaging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffuse oedema, posturing, CN VI palsy, papilloedema or Cushing&apos;s triad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not assessed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cycle %1 day %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pdf_export</name>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF was not made: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>toxicities</name>
    <message>
        <source>CRS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ICANS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>translation</name>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ToxTrack will be shown in {0} the next time it starts. Nothing you have entered is lost: finish what you are doing and restart when convenient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
