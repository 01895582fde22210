"""Who may do what with partners: anyone who edits children's records keeps the directory and records a child's
professionals and the information shared (for children they may see); everyone but the front door reads the
directory and the sharing log (over the children they may see)."""

import rules

from caseboard.people.rules import edits_records, is_visible

rules.add_perm("partners.change_directory", edits_records)
rules.add_perm("partners.record_for_child", edits_records & is_visible)
