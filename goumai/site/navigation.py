"""What every page's header and menu show."""

from goumai.evaluation.flags import is_reviewer

# The capabilities of the work plan, in the order a township meets them. Those not
# built yet are shown greyed out so users see where the platform is going.
UPCOMING: list[str] = []


def jurisdiction_label(user) -> str:
    """How the header names the user's jurisdiction, e.g. "蒲江县（含所辖乡镇）"."""
    if user.is_superuser:
        return "全省（系统管理员）"
    if user.provider_id is not None:
        return f"本承接主体（{user.provider.name}）"
    org = user.org_unit
    if org is None or not org.is_active:
        return "无"
    region = org.region
    if region.level == 1:
        return f"全省·{org.get_sector_display()}行业" if org.sector else "全省"
    if region.level == 2:
        return f"{region.name}（含所辖县、乡镇）"
    if region.level == 3:
        return f"{region.name}（含所辖乡镇）"
    return region.name


def navigation(request):
    """Template context processor (settings.TEMPLATES)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "jurisdiction_label": jurisdiction_label(user),
        "upcoming_modules": UPCOMING,
        "is_reviewer": is_reviewer(user),
    }
