"""Who may propose a key decision for a child: whoever may change the child's record (their social worker or personal
adviser, team managers and heads of service who see the child, front door staff, administrators). Pages that link to
the proposal form ask the same permission, and say who can when the user cannot (``WHO_PROPOSES``)."""

import rules

from caseboard.people.rules import edits_records, is_visible

rules.add_perm("decisions.propose_decision", edits_records & is_visible)

WHO_PROPOSES = "The child's social worker, or a team manager or head of service for the child, can propose it"
