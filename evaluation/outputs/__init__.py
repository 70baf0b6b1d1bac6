"""Internal outputs for researchers: the workbook and the SPSS and Stata files. They hold every
unit's answers unsuppressed and say so (`evaluation.disclosure.INTERNAL_NOTE`)."""
