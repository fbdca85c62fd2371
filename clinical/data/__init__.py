"""Reference data files (regimens, trial incidence), each with its source."""
