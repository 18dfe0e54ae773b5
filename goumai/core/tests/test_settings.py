"""Settings come from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys


def load_settings(**env) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "GOUMAI_ENV", "DEBUG"}
    }
    environment.update(env)
    code = "import goumai.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.TIME_ZONE, s.LANGUAGE_CODE)"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )


def test_embedded_defaults():
    result = load_settings()
    assert result.stdout.split() == ["False", "False", "Asia/Shanghai", "zh-hans"]


def test_production_needs_a_secret_key():
    result = load_settings(GOUMAI_ENV="production")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_has_secure_cookies():
    result = load_settings(GOUMAI_ENV="production", SECRET_KEY="x" * 50)
    assert result.stdout.split()[:2] == ["False", "True"]


def test_demo_refuses_in_production():
    environment = dict(os.environ, GOUMAI_ENV="production", SECRET_KEY="x" * 50)
    result = subprocess.run(
        [sys.executable, "-m", "goumai", "demo"], env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0 and "生产环境不创建演示账号" in result.stderr


def test_check_deploy_is_clean_in_production():
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "GOUMAI_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    } | {
        "GOUMAI_ENV": "production",
        "SECRET_KEY": "k7Hq2-vQx9!mZp4@Lr8#Tn6$Wc3^Ys5&Bd1*Fg0(Jh)Uo_Ei+Aw=Rk",
        "ALLOWED_HOSTS": "goumai.example",
    }
    result = subprocess.run(
        [sys.executable, "-m", "goumai", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_to_https_and_sends_hsts():
    code = (
        "import goumai.settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"GOUMAI_ENV"}} | {
        "GOUMAI_ENV": "production",
        "SECRET_KEY": "x" * 50,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )
    assert result.stdout.split() == ["True", "31536000", "True"]
    embedded = subprocess.run(
        [sys.executable, "-c", code],
        env={k: v for k, v in os.environ.items() if k not in {"GOUMAI_ENV", "SECRET_KEY"}},
        capture_output=True,
        text=True,
    )
    assert embedded.stdout.split() == ["False", "0", "False"]
