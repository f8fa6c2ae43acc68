from django import forms
from django.conf import settings
from django.contrib.auth import password_validation

from casereview.govuk.wording import problem


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.org"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ConfirmPasswordForm(forms.Form):
    password = SignInForm.base_fields["password"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app",
        max_length=10,
        error_messages={"required": "Enter the security code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": False}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "").replace("-", "")
        if not code.isdigit() or len(code) != 6:
            raise problem("Enter the security code as 6 digits, like 123456", "enter_the_security_code_as")
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the recovery codes you saved when you set up your account. Each code works once.",
        max_length=20,
        error_messages={"required": "Enter a recovery code"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").replace("-", "").lower()


class NewPasswordForm(forms.Form):
    """Choosing a password: long is what matters; common passwords are refused."""

    password = forms.CharField(
        label="Create a password",
        strip=False,
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Confirm your password",
        strip=False,
        error_messages={"required": "Enter your password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password"].help_text = (
            f"Use at least {settings.PASSWORD_MIN_LENGTH} characters. Three or four unrelated words "
            "together make a strong password that is easy to remember."
        )

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password:
            try:
                password_validation.validate_password(password, self.user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        if password and again and password != again:
            self.add_error("password_again", problem("The passwords do not match", "the_passwords_do_not_match"))
        return cleaned


class ChangePasswordForm(NewPasswordForm):
    current_password = forms.CharField(
        label="Current password",
        strip=False,
        error_messages={"required": "Enter your current password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current_password", "password", "password_again"]

    def clean_current_password(self):
        value = self.cleaned_data["current_password"]
        if not self.user.check_password(value):
            raise problem("Your current password is not correct", "your_current_password_is_not")
        return value
