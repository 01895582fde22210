"""The reporting area's downloads use the shared export helpers in ``caseboard.core.exports``."""

from caseboard.core.exports import (
    DATE_FORMAT,
    FORMULA_STARTS,
    PERCENT_FORMAT,
    XLSX_CONTENT_TYPE,
    Sheet,
    csv_response,
    csv_text,
    neutralised,
    xlsx_bytes,
    xlsx_response,
)

__all__ = [
    "DATE_FORMAT",
    "FORMULA_STARTS",
    "PERCENT_FORMAT",
    "XLSX_CONTENT_TYPE",
    "Sheet",
    "csv_response",
    "csv_text",
    "neutralised",
    "xlsx_bytes",
    "xlsx_response",
]
