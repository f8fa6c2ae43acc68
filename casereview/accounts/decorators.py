"""Markers read by RequireVerifiedSignInMiddleware. Every other view needs a verified sign-in."""


def public(view):
    """Anyone may see this page, signed in or not."""
    view.access_public = True
    return view


def allow_unverified(view):
    """Signed in with a password but before the second factor: the sign-in steps themselves."""
    view.access_allow_unverified = True
    return view
