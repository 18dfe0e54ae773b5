"""OCDS 1.1.5 from the published data: release and record packages pass the
official schema (shipped with the project, validated offline) with zero errors,
the compiled release is what ocdsmerge computes, tags follow stages and
corrections, and nothing private gets out."""

import io
import json

import pytest
from django.core.management import call_command
from jsonschema import Draft4Validator, FormatChecker
from ocdsmerge import Merger
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from goumai.contracts.services import contract_amend
from goumai.disclosure import views
from goumai.disclosure.releases import ocid_of, schema
from goumai.disclosure.services import due_stages, publish
from goumai.disclosure.tests.conftest import PRIVATE, SECRET_COMMENT
from goumai.projects.models import Project
from goumai.projects.services import project_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]
BASE = "https://standard.open-contracting.org/schema/1__1__5/"


def validator(name: str) -> Draft4Validator:
    registry = Registry().with_resources(
        (BASE + n, Resource.from_contents(schema(n), default_specification=DRAFT4))
        for n in (
            "release-schema.json",
            "release-package-schema.json",
            "record-package-schema.json",
        )
    )
    return Draft4Validator(schema(name), registry=registry, format_checker=FormatChecker())


def errors(name: str, document: dict) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in validator(name).iter_errors(document)]


@pytest.fixture
def published(evaluated, town_user):
    for stage in due_stages(evaluated):
        publish(actor=town_user, project=evaluated, stage=stage)
    Project.objects.filter(pk=evaluated.pk).update(standards="每周两次")
    publish(actor=town_user, project=evaluated, stage="plan", reason="更正服务标准：每周两次")
    return evaluated


def test_the_release_package_passes_the_schema(client, published):
    package = json.loads(client.get("/ocds/releases.json").content)
    assert errors("release-package-schema.json", package) == []
    for release in package["releases"]:
        assert errors("release-schema.json", release) == [], release["tag"]
    tags = [r["tag"][0] for r in package["releases"]]
    # newest first: the plan's correction, then evaluation … plan
    assert tags == [
        "planningUpdate",
        "implementation",
        "implementation",
        "contract",
        "award",
        "tender",
        "planning",
    ]
    award = next(r for r in package["releases"] if r["tag"] == ["award"])
    supplier = next(p for p in award["parties"] if p["roles"] == ["supplier"])
    assert supplier["identifier"]["scheme"] == "CN-USCC"
    assert award["awards"][0]["value"] == {"amount": 28000.0, "currency": "CNY"}
    evaluation = package["releases"][1]
    assert evaluation["performanceEvaluation"]["grade"] == "良"


def test_the_record_package_and_its_compiled_release(client, published):
    ocid = ocid_of(published.pk)
    package = json.loads(client.get(f"/ocds/records/{ocid}.json").content)
    assert errors("record-package-schema.json", package) == []
    record = package["records"][0]
    assert len(record["releases"]) == 7
    expected = Merger(schema=schema()).create_compiled_release(
        sorted(record["releases"], key=lambda r: r["date"])
    )
    assert record["compiledRelease"] == expected
    assert errors("release-schema.json", record["compiledRelease"]) == []
    assert record["compiledRelease"]["tender"]["catalogItem"]["name"] == "居家养老服务"
    assert client.get("/ocds/records/ocds-goumai-999999.json").status_code == 404
    assert client.get("/ocds/records/other-1.json").status_code == 404
    assert client.get("/ocds/records/ocds-goumai-1x.json").status_code == 404


def test_paging_and_since(client, published, settings):
    settings.DEBUG = False
    views.OCDS_PAGE, original = 3, views.OCDS_PAGE
    try:
        first = json.loads(client.get("/ocds/releases.json").content)
        assert len(first["releases"]) == 3 and "next" in first["links"]
        cursor = first["links"]["next"].split("cursor=")[1]
        second = json.loads(client.get("/ocds/releases.json", {"cursor": cursor}).content)
        seqs = [int(r["id"].rsplit("-", 1)[1]) for r in first["releases"] + second["releases"]]
        assert seqs == [7, 6, 5, 4, 3, 2]
    finally:
        views.OCDS_PAGE = original
    later = json.loads(
        client.get("/ocds/releases.json", {"since": "2099-01-01T00:00:00+08:00"}).content
    )
    assert later["releases"] == []


def test_no_private_value_in_ocds(client, published):
    texts = [
        client.get("/ocds/releases.json").content.decode(),
        client.get(f"/ocds/records/{ocid_of(published.pk)}.json").content.decode(),
    ]
    for text in texts:
        for value in [*PRIVATE.values(), SECRET_COMMENT]:
            assert value not in text


def test_date_time_formats_are_really_checked():
    # without rfc3339-validator jsonschema would skip the check and pass anything
    assert not FormatChecker().conforms("2027-03-01", "date-time")
    assert errors(
        "release-schema.json",
        {
            "ocid": "x",
            "id": "1",
            "date": "2027-03-01",
            "tag": ["planning"],
            "initiationType": "tender",
        },
    )


def test_the_offline_export_is_a_valid_package(published, tmp_path):
    out = tmp_path / "releases.json"
    call_command("ocds", "export", "--out", str(out), stdout=io.StringIO())
    package = json.loads(out.read_text(encoding="utf-8"))
    assert errors("release-package-schema.json", package) == []
    assert len(package["releases"]) == 7
    out = tmp_path / "records.json"
    call_command("ocds", "export", "--records", "--out", str(out), stdout=io.StringIO())
    package = json.loads(out.read_text(encoding="utf-8"))
    assert errors("record-package-schema.json", package) == []
    assert [r["ocid"] for r in package["records"]] == [ocid_of(published.pk)]


def test_terminations_cancellations_and_amendments_have_their_tags(
    client, performing, town_user, awarded
):
    project = Project.objects.get(pk=performing.project_id)
    publish(actor=town_user, project=project, stage="contract")
    contract_amend(
        actor=town_user,
        contract=performing,
        reason="服务期延长一个月，双方协商一致",
        end_date=performing.end_date,
        quantity_quality="每周上门三次",
    )
    publish(actor=town_user, project=project, stage="contract", reason="合同变更：服务频次调整")
    project = project_transition(
        actor=town_user, project=project, action="terminate", note="承接主体无力继续履约"
    )
    publish(actor=town_user, project=project, stage="ending")
    package = json.loads(client.get("/ocds/releases.json").content)
    assert [r["tag"][0] for r in package["releases"]] == [
        "contractTermination",
        "contractAmendment",
        "contract",
    ]
    assert errors("release-package-schema.json", package) == []
    ending = package["releases"][0]
    assert ending["contracts"][0]["status"] == "terminated"
    assert ending["contracts"][0]["description"] == "承接主体无力继续履约"
    record = json.loads(client.get(f"/ocds/records/{ocid_of(project.pk)}.json").content)
    assert errors("record-package-schema.json", record) == []
    assert record["records"][0]["compiledRelease"]["contracts"][0]["status"] == "terminated"


def test_a_withdrawn_tender_is_cancelled(client, town_user, awarded):
    project = Project.objects.get(pk=awarded.pk)
    publish(actor=town_user, project=project, stage="notice")
    project = project_transition(
        actor=town_user, project=project, action="withdraw", note="需求取消，经县财政局同意"
    )
    publish(actor=town_user, project=project, stage="ending")
    package = json.loads(client.get("/ocds/releases.json").content)
    assert [r["tag"][0] for r in package["releases"]] == ["tenderCancellation", "tender"]
    assert package["releases"][0]["tender"]["status"] == "cancelled"
    assert errors("release-package-schema.json", package) == []


def test_the_buyer_is_named_by_its_credit_code_once_recorded(client, evaluated, town_user):
    from goumai.accounts.models import OrgUnit

    publish(actor=town_user, project=evaluated, stage="plan")
    unit = OrgUnit.objects.get(pk=evaluated.purchaser_id)
    first = json.loads(client.get("/ocds/releases.json").content)["releases"][0]
    assert first["buyer"]["id"] == f"ocds-goumai-org-{unit.code}"
    assert "identifier" not in first["parties"][0]
    OrgUnit.objects.filter(pk=unit.pk).update(credit_code="11510131MB0000001U")
    publish(actor=town_user, project=evaluated, stage="notice")
    newest = json.loads(client.get("/ocds/releases.json").content)["releases"][0]
    buyer = next(p for p in newest["parties"] if "buyer" in p["roles"])
    assert newest["buyer"] == {"id": "CN-USCC-11510131MB0000001U", "name": unit.name}
    assert buyer["identifier"] == {
        "scheme": "CN-USCC",
        "id": "11510131MB0000001U",
        "legalName": unit.name,
    }
    assert errors("release-schema.json", newest) == []
