from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters changed (for pagination and sorting links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return urlencode(sorted(params.items()))


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, label: str, key: str, current: str) -> str:
    """A sortable column header with aria-sort, as in the GOV.UK sortable table pattern."""
    if current == key:
        state, next_key = "ascending", f"-{key}"
    elif current == f"-{key}":
        state, next_key = "descending", key
    else:
        state, next_key = "none", key
    params = context["request"].GET.copy()
    params["sort"] = next_key
    params.pop("page", None)
    return format_html(
        '<th scope="col" class="govuk-table__header" aria-sort="{}"><a class="govuk-link" href="?{}">{}'
        '<span class="govuk-visually-hidden"> (sort {})</span></a></th>',
        state,
        urlencode(sorted(params.items())),
        label,
        "descending" if state == "ascending" else "ascending",
    )


@register.filter
def label(code: str, kind: str) -> str:
    """The label a feature app registered for a code: ``{{ child.next_due_kind|label:"due_kind" }}``."""
    from caseboard.core.hooks import labels

    return labels.get(kind, {}).get(code, code)


@register.simple_tag
def age(child: object) -> str:
    """'7 years' or 'Unborn (due 3 May 2027)'."""
    today = timezone.localdate()
    years = child.age_on(today)
    if years is None:
        due = child.expected_date_of_birth
        return f"Unborn (due {due:%-d %b %Y})" if due else "Unborn"
    if years == 0:
        months = (today.year - child.date_of_birth.year) * 12 + today.month - child.date_of_birth.month
        months -= today.day < child.date_of_birth.day
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{years} year{'s' if years != 1 else ''}"


@register.simple_tag(takes_context=True)
def page_panels(context: template.Context, page: str) -> str:
    """The panels feature apps add to this page (``core.hooks.register_page_panel``), rendered in order."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from caseboard.core.hooks import page_panels_for

    request = context["request"]
    return mark_safe(  # noqa: S308 - each panel is a template rendered with autoescaping
        "".join(
            render_to_string(panel.template, {"panel": panel.context}, request=request)
            for panel in page_panels_for(page, request)
        )
    )


@register.simple_tag(takes_context=True)
def submission_token(context: template.Context) -> str:
    """The form's one-time token (caseboard/core/idempotency.py): a form sent twice records once."""
    from caseboard.core.idempotency import TOKEN_FIELD, submission_token_for

    return format_html(
        '<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, submission_token_for(context["request"])
    )


@register.inclusion_tag("includes/date_query_input.html", takes_context=True)
def date_query_input(
    context: template.Context, name: str, label: str, hint: str = "", shown: object = None, error: str = ""
) -> dict[str, object]:
    """A GOV.UK date input (day, month, year boxes) for a date in a GET form's query string, read by
    ``core.forms.date_asked`` as the single ISO parameter is. Shows what was typed, or else ``shown``."""
    from datetime import date

    from caseboard.core.forms import date_boxes

    typed = date_boxes(context["request"].GET, name, shown if isinstance(shown, date) and not error else None)
    return {"name": name, "label": label, "hint": hint, "error": error, "boxes": typed}
