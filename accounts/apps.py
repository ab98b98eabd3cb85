from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and boards"

    def ready(self):
        from accounts import two_factor  # noqa: F401 - connects the sign-in receiver
