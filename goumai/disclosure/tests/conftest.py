"""A project taken through evaluation, with private values planted on its provider
and in its survey answers, for the disclosure tests."""

import pytest

from goumai.contracts.tests.conftest import awarded, performing  # noqa: F401 — fixtures
from goumai.evaluation.services import evaluation_finish, scoring_submit
from goumai.evaluation.tests.conftest import (  # noqa: F401 — fixtures
    accepted,
    evaluation,
    provider_user,
    ready,
)
from goumai.evaluation.tests.factories import all_leaves
from goumai.providers.models import Provider

PRIVATE = {
    "phone": "13912345678",
    "bank_name": "私密银行甲支行",
    "bank_account": "6222020212345678901",
    "legal_representative": "隐私张三丰",
    "capacity": "内部能力说明隐私文本",
}
SECRET_COMMENT = "答卷隐私意见文本"


@pytest.fixture
def evaluated(ready, town_user, provider_user):  # noqa: F811
    Provider.objects.filter(pk=ready.project.contract.provider_id).update(**PRIVATE)
    ready.answers.update(comment=SECRET_COMMENT)
    scoring_submit(actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready, 0))
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready, 1))
    evaluation_finish(actor=town_user, evaluation=ready)
    return ready.project
