"""Thai first: the interface is Thai until the user chooses English with the language switch.

Django's LocaleMiddleware would also follow the browser's Accept-Language, and many civil servants' browsers
are set to English; a government system in Thailand opens in Thai. The choice made with `set_language` is
kept in the language cookie and honoured.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
