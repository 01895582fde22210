"""Ofsted's Annex A lists 1 to 11 as one Excel workbook, drawn up from the record on any date (built in a later
change)."""
