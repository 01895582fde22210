"""The court-bundle PDF prints every name as entered, in embedded Unicode fonts."""

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from caseboard.conftest import allocate, make_child, open_cin

from .test_services import propose

NAMES = [
    ("محمد", "فاطمة"),  # Arabic: joined letters, right to left
    ("Zażółć", "Gęślą-Jaźń"),  # Polish
    ("Łucja", "Wąsowska"),
    ("Nguyễn", "Thị Hương"),  # Vietnamese: stacked diacritics
    ("王", "小明"),  # Chinese
]


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "last"), NAMES)
def test_the_court_pdf_prints_names_in_any_script(client, council, first, last):
    child = make_child("U1", first, last)
    open_cin(child)
    allocate(child, council.worker, council.cin_team)
    decision = propose(council, child=child, rationale=f"Reasons about {first} {last}: “quoted” – dashed")
    client.force_login(council.worker)
    response = client.get(reverse("decisions:pdf", args=[decision.pk]))
    assert response.status_code == 200
    document = pdfium.PdfDocument(response.content)
    text = "\n".join(document[index].get_textpage().get_text_range() for index in range(len(document)))
    # Text comes out of a PDF in the order it is drawn: right-to-left words in visual order.
    assert first in text and last in text, text
    assert all(part in text for part in ("quoted", "”", "– dashed")), text
    assert "?" not in text
    # The fonts travel with the document: a court's machine needs none installed.
    assert b"/FontFile2" in response.content and b"DejaVuSans" in response.content
