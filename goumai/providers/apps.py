from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "goumai.providers"
    label = "providers"
    verbose_name = "承接主体"
