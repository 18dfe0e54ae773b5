"""Fields of the small action forms on a page (``core.failed_form``): a label, the
input, and after a failed submit the typed value and the error beside it, tied
together by ids (``aria-describedby``) so a screen reader reads the error with the
field, and ``aria-invalid`` so the page's script puts the focus there.

    {% action_field failed "bid" "amount" "报价（元）" %}
    {% action_field failed "invite" "provider_id" "承接主体" choices=pairs error="provider" %}
    {% action_field failed "award" "reasons" "成交理由" of=bid.pk %}   (form "award-<bid id>")
"""

from django import template

register = template.Library()


@register.inclusion_tag("_action_field.html")
def action_field(
    failed,
    form: str,
    name: str,
    label: str,
    *,
    value="",
    type="text",
    required=False,
    choices=None,
    error="",
    size=None,
    hint="",
    of=None,
):
    form = f"{form}-{of}" if of is not None else form
    mine = failed is not None and failed.form == form
    errors = (failed.errors.get(error or name, []) if mine else []) or []
    if mine and name in failed.values:
        value = failed.values[name]
    return {
        "id": f"{form}-{name}",
        "name": name,
        "label": label,
        "value": "" if value is None else str(value),
        "type": type,
        "required": required,
        "choices": [(str(v), text) for v, text in choices] if choices is not None else None,
        "errors": errors,
        "size": size,
        "hint": hint,
    }


@register.inclusion_tag("_action_errors.html")
def action_errors(failed, form: str, of=None, every=False):
    """The form's own message (what the service said), above its fields; with ``every``
    (a form whose fields are not ``action_field``s) each field's error too."""
    form = f"{form}-{of}" if of is not None else form
    if failed is None or failed.form != form:
        return {"message": "", "id": f"form-{form}-message"}
    field_errors = [m for errors in failed.errors.values() for m in errors]
    if every:
        lines = [failed.message, *(m for m in field_errors if m != failed.message)]
        return {"message": "；".join(lines), "id": f"form-{form}-message"}
    # A message that is also a field's error shows once, beside that field.
    beside = failed.message in field_errors
    return {"message": "" if beside else failed.message, "id": f"form-{form}-message"}


@register.filter
def get_row(errors: dict, number: int) -> list:
    """The errors of row ``number`` of a form's repeated rows ({row: [messages]})."""
    return errors.get(number, [])


@register.simple_tag
def asks_for(failed, form: str, name: str, of=None) -> bool:
    """Whether the failed submit of ``form`` asked for field ``name`` (a field shown
    only when needed, such as the reason for a date typed long after the step)."""
    form = f"{form}-{of}" if of is not None else form
    return failed is not None and failed.form == form and name in failed.errors
