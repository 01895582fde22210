"""Operating models in the REST API (read only)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, viewsets

from .hooks import section_for, settings_sections
from .models import (
    DEVIATION_FIELDS,
    FREQUENCY_FIELDS,
    QUESTION_FIELDS,
    DeviationRule,
    OperatingModelVersion,
    PreVisitQuestion,
    VisitFrequency,
)
from .selectors import SCALAR_FIELDS, versions_with_settings


class VisitFrequencySerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitFrequency
        fields = list(FREQUENCY_FIELDS)


class DeviationRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeviationRule
        fields = list(DEVIATION_FIELDS)


class PreVisitQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PreVisitQuestion
        fields = list(QUESTION_FIELDS)


class OperatingModelVersionSerializer(serializers.ModelSerializer):
    operating_model = serializers.CharField(source="operating_model.name")
    is_preset = serializers.BooleanField(source="operating_model.is_preset")
    visit_frequencies = VisitFrequencySerializer(many=True)
    deviation_rules = DeviationRuleSerializer(many=True)
    pre_visit_questions = PreVisitQuestionSerializer(many=True, help_text="The pre-visit check's questions, in order")
    sections = serializers.SerializerMethodField(help_text="Settings other parts of Caseboard add, by section key")

    class Meta:
        model = OperatingModelVersion
        fields = [
            "id",
            "operating_model",
            "is_preset",
            "number",
            "status",
            "summary",
            *SCALAR_FIELDS,
            "reverts_to",
            "visit_frequencies",
            "deviation_rules",
            "pre_visit_questions",
            "sections",
        ]

    def get_sections(self, version: OperatingModelVersion) -> dict[str, dict[str, Any]]:
        return {
            section.key: {name: getattr(section_for(version, section.key), name) for name in section.fields}
            for section in settings_sections()
        }


class OperatingModelVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Every operating-model version (the council's and the presets), with all their settings."""

    serializer_class = OperatingModelVersionSerializer

    def get_queryset(self):
        return (
            versions_with_settings().prefetch_related("pre_visit_questions").order_by("operating_model__name", "number")
        )
