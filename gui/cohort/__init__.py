"""The cohort dashboard: the incidence and timing figures across all patients, and its report (issue 14)."""
