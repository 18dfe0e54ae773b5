from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "goumai.cultivation"
    label = "cultivation"
    verbose_name = "承接主体培育"
