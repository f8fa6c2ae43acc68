"""Reading small values from requests."""

from django.utils import timezone


def int_or_none(value) -> int | None:
    """A form's hidden lock version or page number as an int; None when missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def year_or_this(value) -> int:
    """A year from the query string, or this year when it is missing or implausible."""
    year = int_or_none(value)
    return year if year is not None and 2000 <= year <= 2100 else timezone.localdate().year
