from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "goumai.catalog"
    label = "catalog"
    verbose_name = "指导目录"
