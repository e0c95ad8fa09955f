app_name = "reports"

urlpatterns: list = []

from .urls_pdf import urlpatterns as pdf_urlpatterns  # noqa: E402

urlpatterns += pdf_urlpatterns
