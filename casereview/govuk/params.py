"""Reading small values from requests."""


def int_or_none(value) -> int | None:
    """A form's hidden lock version or page number as an int; None when missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
