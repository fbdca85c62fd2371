"""One module per toxicity, each with a module-level `DEFINITION` (clinical/toxicities/registry.py
finds them all: adding a toxicity is adding a module here, and nothing else)."""
