def id_token(id_token, user, token, request, **kwargs):
    """What Entra ID puts in a token: the email, and how the person authenticated."""
    id_token["email"] = user.email
    id_token["email_verified"] = True
    id_token["amr"] = ["pwd", "mfa"] if user.is_staff else ["pwd"]
    return id_token
