"""The Today view: what is due, overdue or open across every patient on the clinic's day (issue 14)."""
