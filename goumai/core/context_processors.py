from goumai.core.jurisdiction import jurisdiction_label

# The capabilities of the work plan, in the order a township meets them. Those not
# built yet are shown greyed out so users see where the platform is going.
UPCOMING = [
    "绩效评价",
    "信息公开",
    "试点管理",
    "督查考核",
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"jurisdiction_label": jurisdiction_label(user), "upcoming_modules": UPCOMING}
