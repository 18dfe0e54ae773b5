"""The layers of docs/architecture.md hold for models too, not only for imports.

``lint-imports`` (in ``make test``) checks the imports. A foreign key named by a
string ("providers.Provider") is no import, so this test checks what such keys
leave behind: a migration of an app may depend only on apps of lower layers.
"""

import tomllib
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"
# The deliberate exceptions (docs/architecture.md): an account belongs to a
# government unit or to a provider, and the user table enforces "one, not both";
# an audit entry names its actor through settings.AUTH_USER_MODEL, as Django's own
# apps do.
ALLOWED_UPWARD = {("accounts", "providers"), ("audit", "accounts")}


def layer_of() -> dict[str, int]:
    """App label -> layer number, 0 at the bottom."""
    contract = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"][0]
    ranks = {}
    for rank, layer in enumerate(reversed(contract["layers"])):
        for name in layer.split("|"):
            ranks[name.strip().strip("()")] = rank
    return ranks


def test_migrations_depend_only_on_lower_layers():
    ranks = layer_of()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    upward = set()
    for (app, _name), migration in loader.disk_migrations.items():
        if app not in ranks:
            continue
        for dependency_app, _ in migration.dependencies:
            if dependency_app in ranks and ranks[dependency_app] > ranks[app]:
                upward.add((app, dependency_app))
    assert upward == ALLOWED_UPWARD


def test_every_app_has_a_layer():
    from django.apps import apps

    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("goumai.")}
    assert ours <= set(layer_of())
