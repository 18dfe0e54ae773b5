from datetime import date

from goumai.contracts.services import contract_sign

START = date(2027, 3, 1)


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
