from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "โครงการ"

    def ready(self):
        from . import demo_accounts  # noqa: F401  (registers its check)
