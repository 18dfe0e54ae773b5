import itertools

from stdnum.cn import ric, uscc

from goumai.providers.models import Provider

_serial = itertools.count(1)


def credit_code(prefix: str = "91510131MA") -> str:
    """A valid 统一社会信用代码 (check digit computed by python-stdnum)."""
    body = f"{prefix}{next(_serial):07d}"[:17]
    return body + uscc.calc_check_digit(body)


def resident_id() -> str:
    """A valid resident ID number: region, a real birth date, a serial, the check digit."""
    body = f"51013119900101{next(_serial) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # it expects a placeholder check digit


def provider(
    name: str = "蒲江县养老服务中心", kind: str = "social_organization", region=None
) -> Provider:
    if kind == Provider.Kind.INDIVIDUAL:
        return Provider.objects.create(name=name, kind=kind, id_number=resident_id(), region=region)
    return Provider.objects.create(name=name, kind=kind, credit_code=credit_code(), region=region)
