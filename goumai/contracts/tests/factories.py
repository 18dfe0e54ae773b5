from datetime import date, datetime, time

import time_machine

from goumai.contracts.services import contract_sign
from goumai.core.dates import CHINA

START = date(2027, 3, 1)


def at_start(day: date = START):
    """The clock at 09:00 on ``day`` (``START``) for what the factories do on that day
    (the approval, the procurement, the award), whatever later day a test has moved to."""
    return time_machine.travel(datetime.combine(day, time(9), tzinfo=CHINA), tick=True)


def sign(actor, project, *, end=date(2027, 12, 31), amount="28000.00", milestones=None, **extra):
    milestones = milestones or [
        {"name": "上半年服务", "due_date": date(2027, 6, 30), "amount": "14000.00"},
        {"name": "下半年服务", "due_date": date(2027, 12, 31), "amount": "14000.00"},
    ]
    return contract_sign(
        actor=actor,
        project=project,
        number="HT-2027-001",
        amount=amount,
        start_date=START,
        end_date=end,
        signed_on=START,
        milestones=milestones,
        **extra,
    )
