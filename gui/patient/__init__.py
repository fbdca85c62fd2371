"""What a user sees once a patient is open: the workspace and its tabs (doses, CRS, ICANS, labs, any
registered toxicity, flags), the patient list, the record forms, and the correction and history
dialogs. Grouped so that a change to one patient screen is found in one folder (issue 14)."""
