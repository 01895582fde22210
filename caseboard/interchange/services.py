"""Writes for the returns: build a return from the record and check it with the DfE validator, note a download,
and (``imports``) bring children in from another system's files."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import User

from . import cin, ssda903
from .annex_a import build_annex_a
from .layouts import UnknownYear, collection_year
from .models import GeneratedReturn, ReturnDownload, ReturnFormat, ReturnKind
from .selectors import child_records
from .validation import ValidatorUnavailable, validate_files

FORMATS_FOR_KIND = {
    ReturnKind.CIN_CENSUS: {ReturnFormat.XML},
    ReturnKind.SSDA903: {ReturnFormat.CSV, ReturnFormat.XML},
    ReturnKind.ANNEX_A: {ReturnFormat.XLSX},
}


def _hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(files[name])
    return digest.hexdigest()


def return_files(generated: GeneratedReturn) -> dict[str, bytes]:
    return {name: base64.b64decode(content) for name, content in generated.files.items()}


def build_return_files(
    *,
    kind: str,
    year_name: str,
    fmt: str,
    as_at: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, bytes], int]:
    """The files of a return built from the record now, and how many children it reports."""
    if kind == ReturnKind.ANNEX_A:
        return build_annex_a(as_at or timezone.localdate())
    year = collection_year(year_name)
    children = list(child_records(year=year, progress=progress))
    if kind == ReturnKind.CIN_CENSUS:
        content = cin.build_cin_census(
            children,
            year=year,
            la_code=settings.COUNCIL_LA_CODE,
            generated_at=timezone.localtime().replace(tzinfo=None),
        )
        count = content.count(b"<Child>")
        return {f"cin-census-{year.name}.xml": content}, count
    tables = ssda903.build_tables(children, year=year)
    count = len(tables["Header"])
    if fmt == ReturnFormat.XML:
        return {f"ssda903-{year.name}.xml": ssda903.write_xml(tables, year=year)}, count
    return ssda903.write_csv_files(tables, year=year), count


def return_request(
    *, kind: str, year_name: str, fmt: str, requested_by: User | None, as_at: date | None = None
) -> GeneratedReturn:
    """Ask for a return to be built (and checked) in the background; the task calls ``return_generate``."""
    errors = {}
    if kind not in ReturnKind.values:
        errors["kind"] = "Choose the CIN census, the SSDA903 return or Ofsted Annex A"
    elif fmt not in FORMATS_FOR_KIND[ReturnKind(kind)]:
        errors["format"] = "Choose a format this return comes in"
    try:
        collection_year(year_name)
    except UnknownYear as error:
        errors["collection_year"] = str(error)
    if errors:
        raise ValidationError(errors)
    generated = GeneratedReturn(
        kind=kind,
        collection_year=year_name,
        format=fmt,
        as_at=as_at,
        requested_by=requested_by,
        requested_at=timezone.now(),
    )
    generated.save()
    return generated


def _set(generated: GeneratedReturn, **values: object) -> None:
    for name, value in values.items():
        setattr(generated, name, value)
    generated.save(update_fields=list(values))


def return_generate(
    *, generated: GeneratedReturn, validate: bool = True, progress: Callable[[int, int], None] | None = None
) -> GeneratedReturn:
    """Build a requested return from the record, store its files and hash, and check it with the DfE validator."""

    def step(done: int, total: int) -> None:
        percent = int(80 * done / total) if total else 80
        if percent != generated.progress:
            _set(generated, progress=percent)
        if progress:
            progress(done, total)

    _set(generated, status=GeneratedReturn.Status.BUILDING, progress=0)
    try:
        files, count = build_return_files(
            kind=generated.kind,
            year_name=generated.collection_year,
            fmt=generated.format,
            as_at=generated.as_at,
            progress=step,
        )
    except Exception as error:
        _set(generated, status=GeneratedReturn.Status.FAILED, failure=f"The return could not be built: {error}")
        raise
    _set(
        generated,
        files={name: base64.b64encode(content).decode() for name, content in files.items()},
        content_hash=_hash(files),
        children=count,
        generated_at=timezone.now(),
        progress=80,
    )
    if validate and generated.kind != ReturnKind.ANNEX_A:
        return_validate(generated=generated)
    _set(generated, status=GeneratedReturn.Status.READY, progress=100)
    return generated


def return_validate(*, generated: GeneratedReturn) -> GeneratedReturn:
    """Check a generated return's files with the DfE validator and keep every failure, counted by rule."""
    _set(generated, status=GeneratedReturn.Status.VALIDATING)
    try:
        result = validate_files(
            kind=generated.kind,
            collection_year=generated.collection_year,
            files=return_files(generated),
            la_code=settings.COUNCIL_ONS_CODE,
        )
    except ValidatorUnavailable as error:
        _set(generated, validation={"unavailable": str(error)}, error_count=None, query_count=None)
        return generated
    _set(
        generated,
        validation=result.as_dict(),
        error_count=len(result.errors) + sum(1 for r in result.return_level if r["type"] == "error"),
        query_count=len(result.queries) + sum(1 for r in result.return_level if r["type"] == "query"),
    )
    return generated


@transaction.atomic
def return_download_record(*, generated: GeneratedReturn, user: User) -> ReturnDownload:
    """Note that ``user`` downloaded a generated return's files."""
    if generated.status != GeneratedReturn.Status.READY:
        raise ValidationError({"generated_return": "This return is not ready to download"})
    download = ReturnDownload(generated_return=generated, downloaded_by=user, downloaded_at=timezone.now())
    download.save()
    return download


def download_content(generated: GeneratedReturn) -> tuple[str, bytes, str]:
    """(file name, content, content type) of a generated return: one file as it is, several as a zip."""
    files = return_files(generated)
    if len(files) == 1:
        name, content = next(iter(files.items()))
        content_type = {
            "xml": "application/xml",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }.get(name.rsplit(".", 1)[-1], "application/octet-stream")
        return name, content, content_type
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(name, files[name])
    return f"{generated.kind}-{generated.collection_year}.zip", buffer.getvalue(), "application/zip"


def health_refresh(*, requested_by: User | None) -> list[GeneratedReturn]:
    """Build and check the CIN census and the SSDA903 return for the current and the last complete collection
    year again, for the return health page: each is asked for as on demand and built by the task worker (the
    nightly job asks with no one named, as the schedule). A build already waiting or being built is not asked for
    twice (unless it was asked for so long ago that it must have stopped)."""
    from .health import HEALTH_RETURNS, STALE_AFTER, WORKING, health_years
    from .tasks import generate_return

    years = health_years()
    waiting = set(
        GeneratedReturn.objects.filter(
            kind__in=[kind for kind, _ in HEALTH_RETURNS],
            collection_year__in=years,
            status__in=WORKING,
            requested_at__gte=timezone.now() - STALE_AFTER,
        ).values_list("kind", "collection_year")
    )
    asked = []
    for kind, fmt in HEALTH_RETURNS:
        for year in years:
            if (kind, year) in waiting:
                continue
            asked.append(return_request(kind=kind, year_name=year, fmt=fmt, requested_by=requested_by))
    for generated in asked:
        generate_return.enqueue(generated.pk)
    return asked
