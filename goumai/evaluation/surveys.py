"""Satisfaction surveys with single-use codes (seed task 九: results people can trust).

* A code is 10 characters from 31 unambiguous letters and digits (no 0/O, 1/I/L):
  31¹⁰ ≈ 8 × 10¹⁴ possibilities, about 50 bits, drawn with ``secrets``. Only its
  SM3 hash is stored, so the database cannot be read back into working codes; the
  sheet with the codes and their QR codes is shown once, when it is issued.
* A wrong code counts against the address that tried it: after
  ``GOUMAI_SURVEY_FAILURES`` (default 10) wrong codes in ``GOUMAI_SURVEY_WINDOW_MINUTES``
  (default 10) that address is refused until the window passes. With 50 bits a
  code cannot be guessed within any such budget.
* An answer is stored without its code, its time or its address: nobody can tell
  who answered what.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, snapshot, updated
from goumai.core.crypto import sm3_hex
from goumai.core.dates import china_today
from goumai.core.errors import DomainError
from goumai.evaluation.models import Evaluation, SurveyAnswer, SurveyCode, SurveyFailure
from goumai.evaluation.services import RATINGS, _answer_errors, _open_for_purchaser, _whole

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
MAX_BATCH = 500


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str) -> str:
    """What a person types or scans: any case, with or without the dash and spaces."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:32]


def pretty(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def code_hash(code: str) -> str:
    return sm3_hex(f"goumai-survey:{normalize(code)}")


@audited()
def survey_codes_issue(*, actor, evaluation: Evaluation, count: int) -> list[str]:
    """Issue ``count`` new codes (1–500) for the people served; returns them once."""
    evaluation = _open_for_purchaser(actor, evaluation)
    if not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        raise DomainError(
            "invalid_count",
            _("每次可生成 1 至 %(n)d 个调查码。") % {"n": MAX_BATCH},
            fields={"count": [_("1 至 %(n)d。") % {"n": MAX_BATCH}]},
        )
    batch = (
        SurveyCode.objects.filter(evaluation=evaluation)
        .order_by("-batch")
        .values_list("batch", flat=True)
        .first()
        or 0
    ) + 1
    codes = [new_code() for _ in range(count)]
    SurveyCode.objects.bulk_create(
        SurveyCode(evaluation=evaluation, code_hash=code_hash(c), batch=batch) for c in codes
    )
    before = snapshot(evaluation)
    evaluation.version += 1
    evaluation.save(update_fields=["version"])
    audit(actor=actor, changes=[updated(evaluation, before)])
    return codes


def client_hash(address: str) -> str:
    return sm3_hex(f"goumai-client:{address}")


def _window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "GOUMAI_SURVEY_WINDOW_MINUTES", 10)))


def is_throttled(address: str) -> bool:
    limit = int(getattr(settings, "GOUMAI_SURVEY_FAILURES", 10))
    since = timezone.now() - _window()
    failures = SurveyFailure.objects.filter(
        client_hash=client_hash(address), created_at__gte=since
    ).count()
    return failures >= limit


def _fail(address: str) -> DomainError:
    SurveyFailure.objects.create(client_hash=client_hash(address))
    SurveyFailure.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
    return DomainError("invalid_code", _("调查码无效或已使用。"), status=404)


def throttled_error() -> DomainError:
    return DomainError(
        "too_many_attempts",
        _("尝试次数过多，请 %(m)d 分钟后再试。") % {"m": int(_window().total_seconds() // 60)},
        status=429,
    )


def survey_code_find(*, code: str, address: str) -> Evaluation:
    """The open evaluation an unused code belongs to; a wrong code counts against the
    address. Consumes nothing."""
    if is_throttled(address):
        raise throttled_error()
    found = (
        SurveyCode.objects.filter(code_hash=code_hash(code), used_on__isnull=True)
        .select_related("evaluation__project__purchaser", "evaluation__project__contract__provider")
        .first()
    )
    if found is None or found.evaluation.status != Evaluation.Status.OPEN:
        raise _fail(address)
    return found.evaluation


def survey_answer_submit(*, code: str, address: str, ratings: dict, comment: str = "") -> None:
    """Use the code once and store the answer, unlinked from it."""
    if is_throttled(address):
        raise throttled_error()
    row = {**ratings, "comment": comment}
    errors = _answer_errors(row)
    if errors:
        raise DomainError("invalid_answer", errors[0], fields={"ratings": errors})
    with audited():
        found = (
            SurveyCode.objects.select_for_update(no_key=True)
            .filter(code_hash=code_hash(code), used_on__isnull=True)
            .select_related("evaluation")
            .first()
        )
        if found is None or found.evaluation.status != Evaluation.Status.OPEN:
            failure = True
        else:
            failure = False
            today = china_today()
            found.used_on = today
            found.save(update_fields=["used_on"])
            SurveyAnswer.objects.create(
                evaluation=found.evaluation,
                source=SurveyAnswer.Source.ONLINE,
                answered_on=today,
                comment=str(comment or "").strip()[:200],
                **{name: _whole(row[name]) for name in RATINGS},
            )
    if failure:
        raise _fail(address)
