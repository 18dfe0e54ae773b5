"""Every API error answers {"code", "message", "fields"} — Django's own 404, 405,
413 and 500 included — and values no database column may hold (NUL characters,
numbers beyond 64 bits) are refused with a Chinese message, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


def shape(response, status, code=None):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])  # Chinese
    if code:
        assert body["code"] == code
    return body


def test_unknown_api_path_and_method(client, town_user):
    client.force_login(town_user)
    shape(client.get("/api/v1/no-such-thing"), 404, "not_found")
    shape(client.delete("/api/v1/regions"), 405, "method_not_allowed")


def test_offsets_beyond_64_bits_are_refused_not_a_500(client, town_user):
    client.force_login(town_user)
    response = client.get("/api/v1/org-units", {"offset": "1180591620717411303424"})
    assert response.status_code in (400, 422)
    shape(response, response.status_code)


@pytest.mark.parametrize("path", ["/api/v1/regions", "/api/v1/org-units", "/api/v1/projects"])
def test_a_nul_character_in_a_query_is_refused(client, town_user, path):
    client.force_login(town_user)
    shape(client.get(path + "?q=%00x"), 400, "nul_character")


def test_a_nul_character_in_a_json_body_is_refused(client, town_user):
    response = client.post(
        "/api/v1/auth/token",
        '{"username": "a\\u0000b", "password": "x"}',
        content_type="application/json",
    )
    shape(response, 400, "nul_character")


def test_a_nul_character_on_a_page_gets_a_chinese_400(client, town_user):
    client.force_login(town_user)
    response = client.get("/regions/?q=%00")
    assert response.status_code == 400 and "空字符" in response.content.decode()


def test_a_body_over_the_limit_gets_413_in_the_shape(client, town_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        "/api/v1/auth/token",
        '{"username": "' + "a" * 2000 + '", "password": "x"}',
        content_type="application/json",
    )
    shape(response, 413, "request_too_large")


def test_an_unexpected_failure_is_a_500_in_the_shape(client, town_user, monkeypatch):
    from goumai.regions import selectors

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "region_list", broken)
    client.force_login(town_user)
    client.raise_request_exception = False
    body = shape(client.get("/api/v1/regions"), 500, "server_error")
    assert "boom" not in body["message"]


def test_percent_00_is_a_nul_only_in_a_form_body(client, town_user):
    text = client.post(
        "/api/v1/auth/token",
        '{"username": "100%00ok", "password": "x"}',
        content_type="application/json",
    )
    assert text.status_code == 401  # just an unknown name, not a NUL character
    form = client.post(
        "/accounts/login/",
        "username=a%00b&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert form.status_code == 400 and "空字符" in form.content.decode()
