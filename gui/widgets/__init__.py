"""Building blocks that know no screen: the clinical number input, the field and input editors, the
wrapping table and its sizing, the chart canvas, the dialog button row (issue 14)."""
