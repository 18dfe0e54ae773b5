import itertools

from stdnum.cn import uscc

from goumai.providers.models import Provider

_serial = itertools.count(1)


def credit_code(prefix: str = "91510131MA") -> str:
    """A valid 统一社会信用代码 (check digit computed by python-stdnum)."""
    body = f"{prefix}{next(_serial):07d}"[:17]
    return body + uscc.calc_check_digit(body)


def provider(
    name: str = "蒲江县养老服务中心", kind: str = "social_organization", region=None
) -> Provider:
    return Provider.objects.create(name=name, kind=kind, credit_code=credit_code(), region=region)
