from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "โครงการ"

    def ready(self):
        from . import demo_accounts, tables_speed  # noqa: F401  (demo_accounts registers its check)

        tables_speed.install()
