"""Timeliness: statutory work done on time, late or still overdue, as the statutory clock says."""
