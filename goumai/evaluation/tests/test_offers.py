"""The evaluation summary offers a sector department only its own sector to filter by."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_evaluation_summary_offers_a_sector_department_only_its_sector(
    client, civil_user, county_user
):
    client.force_login(civil_user)
    assert 'name="sector"' not in client.get("/projects/evaluations/").content.decode()
    client.force_login(county_user)
    assert 'value="justice"' in client.get("/projects/evaluations/").content.decode()
