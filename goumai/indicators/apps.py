from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "goumai.indicators"
    label = "indicators"
    verbose_name = "改革指标"
