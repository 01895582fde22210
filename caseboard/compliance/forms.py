from __future__ import annotations

from typing import Any

from django import forms

from caseboard.clock.vocabulary import DUE_KIND_LABELS, DueStatus

# "Overdue" splits by whether an approved key decision covers the item (its date is the same either way).
OVERDUE_NO_DECISION = "overdue_no_decision"
OVERDUE_DECISION = "overdue_decision"
STATUS_LABELS = {
    DueStatus.OVERDUE: "Overdue",
    OVERDUE_NO_DECISION: "Overdue, no decision",
    OVERDUE_DECISION: "Overdue, covered by a decision",
    DueStatus.DUE_SOON: "Due soon (within 5 working days)",
    DueStatus.UPCOMING: "Upcoming",
}


class WorklistFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="What", required=False, choices=[("", "Everything")] + [(k.value, v) for k, v in DUE_KIND_LABELS.items()]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any")] + [(str(k), v) for k, v in STATUS_LABELS.items()]
    )
    worker = forms.TypedChoiceField(label="Worker", required=False, coerce=int, empty_value=None, choices=[])

    def __init__(self, *args: Any, workers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if workers is None:
            del self.fields["worker"]
        else:
            self.fields["worker"].choices = [("", "Anyone")] + [(w.pk, str(w)) for w in workers]
