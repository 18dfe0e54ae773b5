from goumai.bidding.tests.test_bidding import tender  # noqa: F401 — a fixture
from goumai.procurement.tests.conftest import approved  # noqa: F401 — a fixture
