"""Dates and times as GOV.UK style writes them: 19 February 2026, 2:15pm. The one place dates become
words: pages (the `date` filter), messages, notifications, audit summaries and documents all use it."""

from datetime import date, datetime

from django.utils import timezone


def format_date(value: date | datetime | None, style: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    month = "%b" if style == "short" else "%B"
    if style == "month":  # a date known only to the month: March 2026
        return f"{value.strftime(month)} {value.year}"
    return f"{value.day} {value.strftime(month)} {value.year}"


def format_time(value: datetime | None) -> str:
    """2:15pm; 2pm on the hour."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{suffix}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{format_date(value)} at {format_time(value)}"


def pluralise(count: int, singular: str, plural: str | None = None) -> str:
    word = singular if count == 1 else (plural or singular + "s")
    return f"{count} {word}"
