"""Form input without control characters, for every form at once."""

from casereview.govuk.text import CONTROL, strip_control


class StripControlCharactersMiddleware:
    """Drops control characters (other than tab and line breaks) from posted form fields before
    any view sees them. No one types them on purpose, XML-based exports cannot hold them, and
    one of them in a chronology entry once broke the merged exports for everyone."""

    _FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not request.content_type.startswith(self._FORMS):
            return None
        posted = request.POST
        if any(CONTROL.search(value) for values in posted.lists() for value in values[1]):
            cleaned = posted.copy()
            for key, values in posted.lists():
                cleaned.setlist(key, [strip_control(value) for value in values])
            cleaned._mutable = False
            request.POST = cleaned
        return None
