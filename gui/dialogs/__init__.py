"""The dialogs the menus open that belong to no one patient tab: new patient, start cycle, move a
dose, backup and restore, the demo cohort (issue 14)."""
