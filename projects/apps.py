from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "โครงการ"

    def ready(self):
        from . import tables_speed

        tables_speed.install()
