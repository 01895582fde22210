"""A key decision as a PDF for court bundles (fpdf2), with embedded Unicode fonts so that every name prints as
entered (``caseboard.core.pdf_fonts``)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from caseboard.core.pdf_fonts import pdf_text, unicode_pdf

from .models import DecisionEvent, KeyDecision


def decision_pdf(decision: KeyDecision, events: list[DecisionEvent]) -> bytes:
    pdf, font = unicode_pdf(format="A4")

    def _text(value: object) -> str:
        return pdf_text(value, font)

    pdf.set_title(_text(f"Key decision {decision.pk}"))
    pdf.set_author(_text(settings.COUNCIL_NAME))
    pdf.add_page()
    pdf.set_font(font, "B", 16)
    pdf.multi_cell(0, 9, _text(f"Key decision: {decision.get_kind_display()}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 9)
    pdf.multi_cell(
        0,
        5,
        _text(
            f"{settings.COUNCIL_NAME} - {settings.SERVICE_NAME}. Official - sensitive. "
            f"Printed {timezone.localtime():%d %B %Y %H:%M}."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)

    def field(label: str, value: object) -> None:
        pdf.set_font(font, "B", 11)
        pdf.multi_cell(0, 6, _text(label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 11)
        pdf.multi_cell(0, 6, _text(value) or "-", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    children = ", ".join(f"{c.full_name} ({c.local_id})" for c in decision.children.all())
    field("Children", children)
    field("Status", decision.get_status_display())
    period = f"From {decision.starts_on:%d %B %Y}" + (f" until {decision.ends_on:%d %B %Y}" if decision.ends_on else "")
    field("Period", period)
    field("Reasons", decision.rationale)
    field("Risks considered", decision.risks_considered)
    field("How the risks are reduced", decision.mitigations)
    field("Other risk assessment notes", decision.risk_assessment_notes)
    field("Conditions", decision.conditions)
    field("Proposed by", f"{decision.proposed_by} on {timezone.localtime(decision.proposed_at):%d %B %Y}")
    field("Approval needed from", decision.get_approver_role_display())
    if decision.next_review_on:
        field("Next review", f"{decision.next_review_on:%d %B %Y}")
    pdf.set_font(font, "B", 13)
    pdf.multi_cell(0, 8, "History", new_x="LMARGIN", new_y="NEXT")
    for event in events:
        when = timezone.localtime(event.at).strftime("%d %B %Y %H:%M")
        line = f"{when}: {event.get_action_display()} by {event.by or 'Caseboard'}"
        if event.next_review_on:
            line += f"; next review {event.next_review_on:%d %B %Y}"
        pdf.set_font(font, "B", 10)
        pdf.multi_cell(0, 5, _text(line), new_x="LMARGIN", new_y="NEXT")
        if event.reason:
            pdf.set_font(font, "", 10)
            pdf.multi_cell(0, 5, _text(event.reason), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())
