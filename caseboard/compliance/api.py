"""Due items in the REST API: per child, per worker and per team, scoped by the children the caller may see."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from caseboard.casework.selectors import team_for

from .selectors import WorklistFilter, worklist


class DueItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField(source="live_status")
    basis = serializers.CharField()
    rule = serializers.CharField()
    operating_model_version = serializers.CharField(source="version_label")
    facts = serializers.ListField(child=serializers.CharField())
    decision = serializers.CharField(
        help_text="The approved key decision in force that covers the item, in words; blank when none does. The due "
        "date is the same either way."
    )


class DueItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Outstanding due items of the children the caller may see, soonest first. Filter with ``?child=<id>``,
    ``?worker=<id>``, ``?team=<id>`` (a team the caller manages), ``?kind=`` and ``?status=``
    (overdue, overdue_no_decision, overdue_decision, due_soon, upcoming)."""

    serializer_class = DueItemSerializer

    def get_queryset(self):
        params = self.request.query_params
        team_id = int(params["team"]) if params.get("team", "").isdigit() else None
        if team_id is not None and team_for(user=self.request.user, pk=team_id) is None:
            team_id = -1  # a team the caller does not manage shows nothing
        worker = params.get("worker", "")
        items = worklist(
            user=self.request.user,
            filters=WorklistFilter(
                kind=params.get("kind", ""),
                status=params.get("status", ""),
                team_id=team_id,
                worker_id=int(worker) if worker.isdigit() else None,
            ),
        )
        child = params.get("child", "")
        if child.isdigit():
            items = items.filter(child_id=int(child))
        return items
