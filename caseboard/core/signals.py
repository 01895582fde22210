"""Hook points so lower apps can tell higher ones that something changed, without importing them."""

from django.dispatch import Signal

# Sent (on commit) after any write that changes the facts the statutory clock uses: episodes, visits, meetings,
# assessments, decisions. Arguments: child_ids (a list of Child primary keys).
child_facts_changed = Signal()

# Sent (on commit) when an operating-model version is approved or withdrawn. Arguments: version_id.
operating_model_changed = Signal()
