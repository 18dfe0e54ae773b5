from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top of the layers: pages that gather several apps, navigation, demo and
    synthetic data. Only this app (with ``goumai/api.py`` and ``goumai/urls.py``)
    may import every other app."""

    name = "goumai.site"
    label = "site"
    verbose_name = "门户与演示数据"
