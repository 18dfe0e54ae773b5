"""What of a provider the public may see. Decided here, once: the disclosure portal,
exports for the public and the public API all go through ``public_view``."""

from __future__ import annotations

from goumai.providers.models import Provider

# Shown to anyone. Everything else on the record is private.
PUBLIC_FIELDS = ("name", "kind", "identifier", "region", "sectors", "contracts_won", "grades")
PRIVATE_FIELDS = (
    "phone",
    "id_number",
    "bank_name",
    "bank_account",
    "legal_representative",
    "capacity",
)


def mask_id_number(number: str | None) -> str:
    """``510131199001011234`` → ``5101**********1234``."""
    if not number:
        return ""
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"


def public_identity(provider: Provider) -> dict:
    """Who the provider is, publicly: name, kind, 统一社会信用代码 (an individual's ID
    number masked) and place — what a published stage names it by."""
    identifier = (
        provider.credit_code if provider.credit_code else mask_id_number(provider.id_number)
    )
    return {
        "name": provider.name,
        "kind": provider.get_kind_display(),
        "identifier": identifier,
        "region": provider.region.name if provider.region_id else "",
    }


def public_view(provider: Provider, *, contracts_won: int | None = None) -> dict:
    return public_identity(provider) | {
        "sectors": list(provider.sectors),
        "contracts_won": contracts_won if contracts_won is not None else provider.contracts.count(),
        # Every finished evaluation of its work, and any 差 bar lifted with its reason.
        "grades": [
            {
                "year": r.fiscal_year,
                "item": r.catalog_item.name,
                "grade": r.get_grade_display(),
                "score": str(r.score),
                "bar_lifted_because": r.override_reason,
            }
            for r in provider.performance_records.select_related("catalog_item").order_by(
                "-evaluated_on", "-id"
            )[:20]
        ],
    }
