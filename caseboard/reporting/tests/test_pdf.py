"""The service briefing renders as a PDF whose first page carries the tables (rendered to an image and read back)."""

import io

import pypdfium2 as pdfium
import pytest

from caseboard.reporting.briefing import briefing_pdf

from .conftest import WEEK

pytestmark = pytest.mark.django_db


def test_the_briefing_renders_with_the_weekly_table_and_the_survey(week, tmp_path):
    content = briefing_pdf(user=week.council.performance, week_start=WEEK, on=WEEK.replace(day=29))
    document = pdfium.PdfDocument(io.BytesIO(content))
    assert len(document) >= 1
    page = document[0]
    text = page.get_textpage().get_text_range()
    assert "Children's social care: service briefing" in text
    assert "Visits in the week from Monday 23 March 2026" in text
    assert "54.55" not in text  # the whole council's figure; the performance officer's is 50.00
    assert "50.00%" in text
    assert "Children looked after" in text
    assert "RAG ratings" in text or len(document) > 1
    image = page.render(scale=1).to_pil()
    assert image.width > 500 and image.height > 700
    # Not blank: some dark pixels (text) on a white page.
    assert image.convert("L").getextrema()[0] < 50
    image.save(tmp_path / "briefing-page-1.png")
    everything = "".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
    assert "Visits by rating" in everything and "seen in person in the 4 weeks" in everything
