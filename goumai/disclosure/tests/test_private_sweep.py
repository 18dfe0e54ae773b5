"""Distinctive private values planted in every private field, then every public
URL, feed, download and OCDS output swept for them."""

import io

import pytest
from django.core.management import call_command

from goumai.accounts.models import User
from goumai.disclosure.releases import ocid_of
from goumai.disclosure.services import due_stages, publish
from goumai.disclosure.tests.conftest import PRIVATE, SECRET_COMMENT
from goumai.evaluation.models import Evidence, LeafScore
from goumai.projects.models import Project
from goumai.providers.models import Provider

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]
MORE = {
    "id_number": "510131199001017777",
    "user_email": "secret-clerk@example.invalid",
    "evidence": "隐私佐证文件名.pdf",
    "leaf_note": "隐私评分依据文本",
}


def test_no_public_output_contains_a_private_value(client, evaluated, town_user, tmp_path):
    User.objects.filter(pk=town_user.pk).update(email=MORE["user_email"])
    LeafScore.objects.update(note=MORE["leaf_note"])
    leaf = LeafScore.objects.filter(computed=False).first()
    Evidence.objects.create(
        leaf=leaf,
        file="evidence/x.pdf",
        name=MORE["evidence"],
        size=1,
        sm3="0" * 64,
        uploaded_by="x",
    )
    provider = Provider.objects.get(pk=evaluated.contract.provider_id)
    for stage in due_stages(evaluated):
        publish(actor=town_user, project=evaluated, stage=stage)
    Project.objects.filter(pk=evaluated.pk).update(standards="每周两次")
    publish(actor=town_user, project=evaluated, stage="plan", reason="更正服务标准：每周两次")
    code, base = evaluated.code, "/public/data/2027/510131"
    urls = [
        "/public/",
        "/public/?q=jjyl",
        f"/public/projects/{code}/",
        f"/public/projects/{code}/notice/",
        f"/public/providers/{provider.pk}/",
        "/public/log/",
        "/public/feeds/510131.atom",
        "/public/data/",
        "/public/?county=510131&town=" + evaluated.scope_path.strip("/").split("/")[-1],
        "/public/counties/510131/",
        "/public/counties/",
        "/public/catalog/",
        "/public/catalog/510131/",
        "/ocds/releases.json",
        f"/ocds/records/{ocid_of(evaluated.pk)}.json",
        *(
            f"{base}/{dataset}.{fmt}"
            for dataset in ("projects", "contracts", "providers", "evaluations")
            for fmt in ("csv", "json")
        ),
    ]
    outputs = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        outputs.append((url, response.content.decode("utf-8-sig")))
    for name, args in (("releases", []), ("records", ["--records"])):
        out = tmp_path / f"{name}.json"
        call_command("ocds", "export", *args, "--out", str(out), stdout=io.StringIO())
        outputs.append((name, out.read_text(encoding="utf-8")))
    secrets = [*PRIVATE.values(), SECRET_COMMENT, *MORE.values()]
    for where, text in outputs:
        for value in secrets:
            assert value not in text, (where, value)
    # and the public things are there
    assert any(provider.name in text for _w, text in outputs)


def test_an_individual_providers_id_number_is_masked_everywhere(client, evaluated, town_user):
    provider = Provider.objects.get(pk=evaluated.contract.provider_id)
    Provider.objects.filter(pk=provider.pk).update(
        kind="individual", id_number=MORE["id_number"], credit_code=None
    )
    for stage in ("contract", "award"):
        publish(actor=town_user, project=evaluated, stage=stage)
    for url in (
        f"/public/projects/{evaluated.code}/",
        f"/public/providers/{provider.pk}/",
        "/public/log/",
    ):
        text = client.get(url).content.decode()
        assert MORE["id_number"] not in text and "5101**********7777" in text, url
    # OCDS names an individual and gives no identifier at all
    text = client.get("/ocds/releases.json").content.decode()
    assert MORE["id_number"] not in text and "5101**" not in text and provider.name in text
