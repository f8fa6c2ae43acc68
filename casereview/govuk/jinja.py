"""The Jinja2 environment: GOV.UK Frontend macros plus the few Django helpers templates need."""

from functools import lru_cache

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, Template

from casereview.govuk import forms_bridge
from casereview.govuk.formatting import format_date, format_datetime, format_time, pluralise
from casereview.govuk.wording import audit_words


def url(name: str, *args, **kwargs) -> str:
    # A page's layout asks for the same twenty addresses on every view; Django works each out anew.
    try:
        return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args,
                         tuple(sorted(kwargs.items())))
    except TypeError:  # an argument that cannot be a key
        return reverse(name, args=args or None, kwargs=kwargs or None)


@lru_cache(maxsize=4096)
def _reversed(urlconf: str, prefix: str, name: str, args: tuple, kwargs: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


_fixed_fragments: dict[tuple, str] = {}


def fixed(name: str, caller) -> str:
    """The output of a `{% call fixed(name) %}` block that is the same on every page (the footer,
    the header): drawn once per process and address scheme, not through GOV.UK's macros each view."""
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    html = _fixed_fragments.get(key)
    if html is None:
        html = _fixed_fragments[key] = caller()  # already Markup: the block was autoescaped
    return html


def passkey_script_config(request):
    """The JSON block django-otp-webauthn's scripts read (a data block, not a script CSP must allow)."""
    from django.utils.html import json_script
    from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

    return json_script(get_configuration(request), "otp_webauthn_config")


def link(href: str, text: str):
    """A GOV.UK link as safe markup, for table cells and summary values that take HTML."""
    from django.utils.html import format_html

    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


# What apps above this one give every template (a filter for theme labels, the form field that
# stops a double submission), registered from their AppConfig.ready(): govuk knows no domain app.
_registered_globals: dict[str, object] = {}
_registered_filters: dict[str, object] = {}


def register_global(name: str, value) -> None:
    _registered_globals[name] = value


def register_filter(name: str, value) -> None:
    _registered_filters[name] = value


class MacroTemplate(Template):
    """Jinja's template, with a cheaper answer to "does this import need a module of its own?".

    Each GOV.UK macro imports its helpers inside its body, so a page runs some thirty imports.
    Jinja answers each by comparing the importing context's globals with the imported
    template's, key by key through a ChainMap: a tenth of a page's rendering time. When the
    context holds only the environment's globals, as ours always do (no template sets its own),
    the answer is "no" and the module Jinja already made is the right one."""

    def _get_default_module(self, ctx=None):
        if ctx is not None and not self.globals.maps[0] and ctx.globals_keys <= self.environment.globals.keys():
            ctx = None
        return super()._get_default_module(ctx)


def environment(**options) -> Environment:
    # GOV.UK macros treat a missing parameter as "not given", so undefined must stay lenient.
    options.pop("undefined", None)
    app_loader = options.pop("loader")
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options, extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    env.template_class = MacroTemplate
    # The macros import each other as "govuk_frontend_jinja/components/...".
    env.loader = ChoiceLoader(
        [
            app_loader,
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
        ]
    )
    env.globals.update(
        url=url,
        fixed=fixed,
        static=static,
        get_messages=get_messages,
        govuk_field=forms_bridge.field,
        govuk_error_summary=forms_bridge.error_summary,
        wide_table=forms_bridge.wide_table,
        passkey_script_config=passkey_script_config,
        link=link,
        audit_words=audit_words,
        role_labels=lambda assignments: ", ".join(a.get_role_display() for a in assignments),
    )
    env.globals.update(_registered_globals)
    env.filters.update(date=format_date, datetime=format_datetime, time=format_time, pluralise=pluralise)
    env.filters.update(_registered_filters)
    forms_bridge.bind_environment(env)
    return env
