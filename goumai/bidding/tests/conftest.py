from goumai.procurement.tests.conftest import approved  # noqa: F401 — a fixture
