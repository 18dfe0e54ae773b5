from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "goumai.core"
    label = "core"
    verbose_name = "平台"
