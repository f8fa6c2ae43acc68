"""What the library gives every template (registered in LibraryConfig.ready)."""

from jinja2 import pass_context

from casereview.library.queries import theme_labels


@pass_context
def theme_label(context, theme_id: str) -> str:
    """A theme's label by its id. The vocabulary is a table: read once per request, not once per label."""
    request = context.get("request")
    names = getattr(request, "_theme_labels", None)
    if names is None:
        names = theme_labels()
        if request is not None:
            request._theme_labels = names
    return names.get(theme_id, theme_id)
