from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "goumai.projects"
    label = "projects"
    verbose_name = "购买项目"
