"""Summary tables: one function per table kind, each returning a small immutable `Table`.

Conventions researchers expect (see the domain notes):

- Percentages are valid % by default; "%" is the share of the units that were *shown* the
  question, "Gültige %" the share of the valid answers. Missing answers sit under the valid block,
  by type, with counts, and every table states its bases.
- Units filtered out (-77) are not part of a question's base at all.
- Tables here are internal (unsuppressed). Anything published goes through
  `evaluation.disclosure` first. Each cell names the figure it shows (`FigureId`) and the base a
  percentage is taken of, so disclosure control can hide a figure in every table that shows it
  and never leave a percentage that gives a hidden base away.

The functions work on numpy arrays of whole columns (no Python loop over units), which is what
keeps all tables of a 10,000-unit survey within a second or two.
"""
